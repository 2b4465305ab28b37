package digitnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The project's Python, with NumPy: the environment scripts/python-env.sh makes under target/
 * on first use (a few minutes, once), so the NumPy cross-checks run on every machine instead of
 * depending on what the machine's python3 happens to have.
 */
public final class ProjectPython {
    private static String executable;

    private ProjectPython() {}

    /** The environment's python, made first if it is not there. */
    public static synchronized String executable() {
        if (executable == null) {
            try {
                Process process = new ProcessBuilder("scripts/python-env.sh")
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .lines().toList();
                if (process.waitFor() != 0 || lines.isEmpty()) {
                    throw new IllegalStateException("scripts/python-env.sh failed (exit " + process.exitValue() + ")");
                }
                executable = lines.get(lines.size() - 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return executable;
    }
}
