package digitnet.train;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import digitnet.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.FileUtils;

/**
 * Fuzz target for a checkpoint as {@code train --resume DIR} reads it ({@link Checkpoint#read}): the
 * record {@code checkpoint.json} and the state file it names. An input is the record's bytes, a NUL
 * byte, then the state file's bytes, which go under the first state file name the record holds. A
 * checkpoint is read, or refused with a {@link UserError} of one line that starts with the run folder.
 * Corpus: {@code src/test/resources/digitnet/train/CheckpointFuzzTestInputs/checkpoint/}.
 */
class CheckpointFuzzTest {
    private static final Pattern STATE_NAME = Pattern.compile("state-[0-9]{6,10}\\.npz");
    private static final Path RUN = temporaryFolder();

    @FuzzTest
    void checkpoint(byte[] input) throws IOException {
        int nul = indexOf(input, (byte) 0);
        byte[] record = nul < 0 ? input : Arrays.copyOf(input, nul);
        byte[] state = nul < 0 ? new byte[0] : Arrays.copyOfRange(input, nul + 1, input.length);
        Path folder = RUN.resolve(Checkpoint.FOLDER);
        FileUtils.deleteDirectory(folder.toFile());
        Files.createDirectories(folder);
        Files.write(folder.resolve(Checkpoint.RECORD), record);
        Matcher name = STATE_NAME.matcher(new String(record, StandardCharsets.ISO_8859_1));
        Files.write(folder.resolve(name.find() ? name.group() : "state-000000.npz"), state);
        try {
            Checkpoint.read(RUN);
        } catch (UserError e) {
            Refusal.assertNames(RUN.toString(), e.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("checkpoint-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("run");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
