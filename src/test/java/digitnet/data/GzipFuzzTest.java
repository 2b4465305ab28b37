package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Fuzz target for a gzip-compressed data file as the readers open it: the executors' bounded line
 * reader ({@link BoundedLineInputFormat}) and the driver's ({@link DigitFiles#open}, for headers and
 * for naming a bad line). Each reads the file to its end, or fails with an IOException whose
 * message is one line (the command line prints {@code FILE: cannot read: MESSAGE; the file may be
 * truncated or damaged}); each line keeps a bounded size, and both see the same number of lines,
 * since the driver names a bad line by its number. Corpus:
 * {@code src/test/resources/digitnet/data/GzipFuzzTestInputs/gzipFile/}.
 */
class GzipFuzzTest {
    private static final Configuration CONF = new Configuration();
    private static final TaskAttemptContext CONTEXT = new TaskAttemptContextImpl(CONF, new TaskAttemptID());
    private static final java.nio.file.Path FILE = temporaryFile();

    @FuzzTest
    void gzipFile(byte[] compressed) throws IOException, InterruptedException {
        Files.write(FILE, compressed);
        Path file = new Path(FILE.toUri());
        long executorLines = 0;
        long driverLines = 0;
        IOException executorFailure = null;
        IOException driverFailure = null;
        try (RecordReader<?, Text> reader = new BoundedLineInputFormat().createRecordReader(null, CONTEXT)) {
            reader.initialize(new FileSplit(file, 0, compressed.length, null), CONTEXT);
            while (reader.nextKeyValue()) {
                assertTrue(reader.getCurrentValue().getLength() <= LineFormat.MAX_LINE_BYTES + 1);
                executorLines++;
            }
        } catch (IOException e) {
            executorFailure = e;
        }
        try (BoundedLineReader in = DigitFiles.open(CONF, file)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                assertTrue(line.length() <= LineFormat.MAX_LINE_CHARS);
                driverLines++;
            }
        } catch (IOException e) {
            driverFailure = e;
        }
        if (executorFailure != null || driverFailure != null) {
            for (IOException failure : new IOException[] {executorFailure, driverFailure}) {
                if (failure != null) {
                    Refusal.assertOneLine(failure.getMessage());
                }
            }
            return;
        }
        assertEquals(driverLines, executorLines, "lines read by the driver and by the executors");
    }

    private static java.nio.file.Path temporaryFile() {
        try {
            java.nio.file.Path dir = Files.createTempDirectory("gzip-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("digits.csv.gz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
