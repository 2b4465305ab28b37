package digitnet.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A process an integration test started, its output (stdout and stderr together) in a log file
 * the test can wait on. {@link #close()} kills it and every process it started with SIGKILL; a
 * JVM shutdown hook does the same for any still running, so a failed or interrupted test run
 * leaves no Spark daemons behind.
 */
final class Launched implements AutoCloseable {
    private static final Set<Launched> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Launched::kill)));
    }

    private final Process process;
    private final Path log;

    private Launched(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code directory} with {@code environment} added to this JVM's,
     * and the Spark line under test for digitnet's scripts.
     */
    static Launched start(List<String> command, Map<String, String> environment, Path directory, Path log) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().remove("SPARK_LOCAL_IP");
            builder.environment().remove("SPARK_HOME");
            builder.environment().put("DIGITNET_SPARK", Project.SPARK_LINE);
            builder.environment().put("DIGITNET_SCALA", Project.SCALA);
            builder.environment().putAll(environment);
            Launched launched = new Launched(builder.start(), log);
            RUNNING.add(launched);
            return launched;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until the output has a match of {@code pattern} and returns it; fails when the process
     * ends first or {@code timeout} passes.
     */
    Matcher await(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = pattern.matcher(output());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive() && !pattern.matcher(output()).find()) {
                fail("exited with status " + process.exitValue() + " before printing /" + pattern + "/:\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                fail("no /" + pattern + "/ within " + timeout + ":\n" + tail());
            }
            sleep(100);
        }
    }

    /** Waits for the process to end and returns its exit status; fails after {@code timeout}. */
    int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("still running after " + timeout + ":\n" + tail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        RUNNING.remove(this);
        return process.exitValue();
    }

    /** Waits for the process to end and fails unless it succeeded. */
    void awaitSuccess(Duration timeout) {
        int status = waitFor(timeout);
        if (status != 0) {
            fail("exited with status " + status + ":\n" + tail());
        }
    }

    /** The last lines of the output, for failure messages. */
    String tail() {
        List<String> lines = output().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** SIGKILL to the process and everything it started, children first. */
    void kill() {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(this);
    }

    @Override
    public void close() {
        kill();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
