package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import digitnet.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Fuzz target for a settings file as {@code train --conf FILE} reads it: the command line up to
 * the claim of the output folder, which is made to fail (it lies under a file), so no Spark starts.
 * Each input ends in one {@code error:} line: for a bad file, the file or the setting it gives
 * named ({@code FILE: unknown setting 'x'}, {@code Invalid value for option '--hidden'}); any
 * exception other than a {@link UserError} or picocli's refusal of a value fails the target.
 * Corpus: {@code src/test/resources/digitnet/cli/SettingsFileFuzzTestInputs/settingsFile/}.
 */
class SettingsFileFuzzTest {
    private static final Path DIR = temporaryFolder();
    private static final Path CONF = DIR.resolve("settings.properties");
    private static final Path UNWRITABLE_OUT = DIR.resolve("a-file").resolve("run");

    @FuzzTest
    void settingsFile(byte[] bytes) throws IOException {
        Files.write(CONF, bytes);
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of());
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (!(e instanceof UserError)) {
                throw e;
            }
            err.write("error: " + e.getMessage() + "\n");
            return ((UserError) e).exitCode();
        });

        int status = cmd.execute("train", "--conf", CONF.toString(), "--data", DIR.resolve("digits.csv").toString(),
                "--out", UNWRITABLE_OUT.toString());

        assertNotEquals(0, status);
        String error = err.toString();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("error: "), error);
        Refusal.assertOneLine(error.strip());
        assertTrue(error.contains(CONF.toString()) || error.contains("option '--") || error.contains(" --")
                || error.contains(UNWRITABLE_OUT.toString()), () -> "names neither the file nor a setting: " + error);
    }

    private static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("settings-fuzz");
            dir.toFile().deleteOnExit();
            Files.writeString(dir.resolve("a-file"), "not a folder\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
