package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.UserError;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
    @TempDir
    Path tmp;

    @Test
    void aClaimedFolderIsRefusedUntilItsClaimEnds() throws Exception {
        Path run = tmp.resolve("run");
        RunLock first = RunLock.claim(run);
        try (first) {
            assertTrue(Files.exists(run.resolve(RunLock.FILE)));
            UserError e = assertThrows(UserError.class, () -> RunLock.claim(run));
            assertEquals(run + " is in use by another train run (it holds " + run.resolve(RunLock.FILE)
                    + "); wait for that run to end, or choose another --out", e.getMessage());
            assertEquals(2, e.exitCode());
            Files.writeString(run.resolve("model.npz"), "a model");
        }
        assertFalse(Files.exists(run.resolve(RunLock.FILE)), "the lock file outlived its claim");
        RunLock.claim(run).close();
        assertTrue(Files.exists(run.resolve("model.npz")));
    }

    @Test
    void aFolderTheClaimCreatedAndLeftEmptyIsRemoved() {
        Path run = tmp.resolve("empty");
        RunLock.claim(run).close();
        assertFalse(Files.exists(run));
    }

    /** The lock is the operating system's, so another process sees it, and loses it when that process dies. */
    @Test
    void anotherProcessHoldingTheFolderIsSeenAndItsDeathFreesIt() throws Exception {
        Path run = tmp.resolve("shared");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                HoldRunLock.class.getName(), run.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("claimed", out.readLine());
            UserError e = assertThrows(UserError.class, () -> RunLock.claim(run));
            assertTrue(e.getMessage().startsWith(run + " is in use by another train run"), e.getMessage());
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        // Killed with its lock file still there: the file is no claim.
        assertTrue(Files.exists(run.resolve(RunLock.FILE)));
        RunLock.claim(run).close();
    }

    /** Claims the folder named by its argument and holds it until killed. */
    static final class HoldRunLock {
        public static void main(String[] args) throws InterruptedException {
            RunLock.claim(Path.of(args[0]));
            System.out.println("claimed");
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
