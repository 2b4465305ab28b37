package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.LongLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedLineInputFormatTest {
    private static final Configuration CONF = new Configuration();
    private static final TaskAttemptContext CONTEXT = new TaskAttemptContextImpl(CONF, new TaskAttemptID());

    @TempDir
    java.nio.file.Path tmp;

    /** Lines of every ending, a byte order mark, blank lines: split anywhere, each line comes once, as Hadoop's reader has it. */
    @Test
    void readsTheLinesHadoopReadsAtEverySplitSize() throws IOException {
        byte[] text = ("\uFEFFlabel,pixel0\n1,2\r\n\r\n3,4\r5,6\n\n\r" + "7,8,9".repeat(50) + "\nlast")
                .getBytes(StandardCharsets.UTF_8);
        List<Path> files = List.of(write("plain.csv", text, null), write("lines.csv.gz", text, new GzipCodec()),
                write("lines.csv.bz2", text, new BZip2Codec()));
        for (Path file : files) {
            long length = Files.size(java.nio.file.Path.of(file.toUri()));
            for (long splitSize = 1; splitSize <= length; splitSize += splitSize < 12 ? 1 : 17) {
                List<String> expected = lines(new TextInputFormat(), file, length, splitSize);
                assertEquals(expected, lines(new BoundedLineInputFormat(), file, length, splitSize),
                        file.getName() + " in splits of " + splitSize + " bytes");
                assertEquals(9, expected.size(), file.getName());
            }
        }
    }

    /**
     * A gzip file of about 2 MB whose second line expands to 2.1 GB: each value keeps at most the limit
     * and one byte, so memory stays bounded (Hadoop's own reader fills a Text with the whole line,
     * and throws past 2 GiB), and the line after it comes whole.
     */
    @Test
    void keepsAtMostTheLimitOfALineOfAnyLength() throws IOException, InterruptedException {
        java.nio.file.Path gz = tmp.resolve("long-line.csv.gz");
        LongLine.gzip(gz, "header\n7", ",0", (1L << 31) + 1, "\nafter\n");
        assertTrue(Files.size(gz) < 16 << 20, Files.size(gz) + " bytes");

        List<Text> values = new ArrayList<>();
        Path file = new Path(gz.toUri());
        try (RecordReader<?, Text> reader = new BoundedLineInputFormat().createRecordReader(null, CONTEXT)) {
            reader.initialize(new FileSplit(file, 0, Files.size(gz), null), CONTEXT);
            while (reader.nextKeyValue()) {
                values.add(new Text(reader.getCurrentValue()));
            }
        }

        assertEquals("header", values.get(0).toString());
        Text cut = values.get(1);
        assertEquals(LineFormat.MAX_LINE_BYTES + 1, cut.getLength());
        assertTrue(cut.toString().startsWith("7,0,0,"), cut.toString().substring(0, 10));
        assertEquals("after", values.get(values.size() - 1).toString());
        // A line past 1 GiB comes in pieces (here 1 GiB, 1 GiB and the rest), each cut as well: the first is already refused.
        assertEquals(5, values.size());
        for (Text value : values) {
            assertTrue(value.getLength() <= LineFormat.MAX_LINE_BYTES + 1, value.getLength() + " bytes");
        }
    }

    private Path write(String name, byte[] text, CompressionCodec codec) throws IOException {
        java.nio.file.Path file = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file)) {
            if (codec == null) {
                raw.write(text);
            } else {
                ReflectionUtils.setConf(codec, CONF);
                try (OutputStream out = codec.createOutputStream(raw)) {
                    out.write(text);
                }
            }
        }
        return new Path(file.toUri());
    }

    /** Every line of {@code file} read in splits of {@code splitSize} bytes, as its format splits it. */
    private static List<String> lines(InputFormat<?, Text> format, Path file, long length, long splitSize)
            throws IOException {
        boolean splittable = !file.getName().endsWith(".gz");
        List<String> lines = new ArrayList<>();
        for (long start = 0; start < length; start += splittable ? splitSize : length) {
            long size = splittable ? Math.min(splitSize, length - start) : length;
            try (RecordReader<?, Text> reader = format.createRecordReader(null, CONTEXT)) {
                reader.initialize(new FileSplit(file, start, size, null), CONTEXT);
                while (reader.nextKeyValue()) {
                    lines.add(reader.getCurrentValue().toString());
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return lines;
    }
}
