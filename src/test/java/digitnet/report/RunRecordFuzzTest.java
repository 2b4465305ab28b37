package digitnet.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import digitnet.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for a run folder's {@code run.json} as {@code evaluate --dev} reads it
 * ({@link RunRecord#readSplit}) and {@code serve} shows it ({@link RunRecord#read}). A record is
 * read, or refused with a {@link UserError} of one line that starts with the file's name. Corpus:
 * {@code src/test/resources/digitnet/report/RunRecordFuzzTestInputs/runJson/}.
 */
class RunRecordFuzzTest {
    private static final Path RUN = temporaryFolder();
    private static final Path FILE = RUN.resolve(RunRecord.RUN_FILE);

    @FuzzTest
    void runJson(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            RunRecord.read(RUN);
            RunRecord.Split split = RunRecord.readSplit(RUN);
            assertTrue(split.rows() >= 0 && split.devRows() >= 0, split.toString());
        } catch (UserError e) {
            Refusal.assertNames(FILE.toString(), e.getMessage());
        }
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("run-json-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
