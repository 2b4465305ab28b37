package digitnet.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import digitnet.UserError;
import digitnet.model.Model;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for an {@code .npz} model file as {@code --init-from}, {@code predict --model} and
 * {@code serve} read it ({@link Model#load}: {@link Npz#read}, then every array's shape): zip
 * entries, {@code .npy} headers, shapes, dtypes, sizes. A file is a model, or refused with a
 * {@link UserError} of one line that starts with the file's name. Corpus:
 * {@code src/test/resources/digitnet/io/NpzFuzzTestInputs/npzFile/}.
 */
class NpzFuzzTest {
    private static final Path FILE = temporaryFile();

    @FuzzTest
    void npzFile(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            Model.load(FILE);
        } catch (UserError e) {
            Refusal.assertNames(FILE.toString(), e.getMessage());
        }
    }

    private static Path temporaryFile() {
        try {
            Path dir = Files.createTempDirectory("npz-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("model.npz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
