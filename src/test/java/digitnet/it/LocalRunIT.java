package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.StoredAs;
import digitnet.TestData;
import digitnet.cli.FirstAttemptsFail;
import digitnet.train.Checkpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Local runs in their own JVMs: where they listen, retried tasks, a driver killed and resumed,
 * and run-local.sh on Parquet.
 */
class LocalRunIT {

    @Test
    void theDriverAndItsUiListenOnLoopbackOnly() {
        Reference reference = Reference.get();

        assertTrue(reference.listening().stream().anyMatch(a -> a.getPort() == reference.uiPort()),
                "the UI should listen on port " + reference.uiPort() + ": " + reference.listening());
        assertOnlyLoopback(reference.listening());
    }

    /**
     * Retried tasks, with the partial sums sent to the driver (two tasks, as local[2] runs) and
     * added up slice by slice on the executors, as many tasks' sums are (a shuffle stage whose map
     * tasks fail on their first attempt).
     */
    @ParameterizedTest
    @ValueSource(strings = {"direct", "sliced"})
    void tasksFailingOnTheirFirstAttemptLeaveTheModelUnchanged(String aggregation) throws IOException {
        Path dir = Project.freshFolder("first-attempt-failures-" + aggregation);
        List<InetSocketAddress> listening;
        // The most values the driver adds up itself: 0 sends every job down the sliced path.
        List<String> jvm = aggregation.equals("direct") ? List.of("-Xmx1g")
                : List.of("-Xmx1g", "-Dspark.digitnet.aggregation.maxDirectValues=0");
        try (Launched run = Launched.start(Project.testMain(jvm, FirstAttemptsFail.class,
                Project.training(dir.resolve("run"), "--master", "local[2,4]")), Map.of(), Project.ROOT,
                dir.resolve("driver.log"))) {
            run.await(Project.progress(1), Launched.seconds(300));
            listening = ListeningSockets.of(run.handle());
            run.awaitSuccess(Launched.seconds(300));
            assertTrue(run.output().contains(FirstAttemptsFail.MESSAGE), "no task failed:\n" + run.tail());
        }

        assertArrayEquals(Reference.get().model(), Files.readAllBytes(dir.resolve("run/model.npz")));
        assertFalse(listening.isEmpty());
        assertOnlyLoopback(listening);
    }

    @Test
    void aDriverKilledMidRunAndResumedEndsWithTheSameModel() throws IOException {
        Path dir = Project.freshFolder("killed-driver");
        Path run = dir.resolve("run");
        try (Launched first = Launched.start(Project.runLocal(Project.training(run, "--master", "local[2]")), Map.of(),
                Project.ROOT, dir.resolve("first.log"))) {
            first.await(Project.progress(13), Launched.seconds(300));
            first.kill();
        }
        assertFalse(Files.exists(run.resolve("model.npz")));
        int checkpointed = Checkpoint.read(run).iteration();
        assertTrue(checkpointed >= 10 && checkpointed < Project.ITERATIONS, "checkpoint of iteration " + checkpointed);

        try (Launched resumed = Launched.start(Project.runLocal(List.of("train", "--resume", run.toString())), Map.of(),
                Project.ROOT, dir.resolve("resumed.log"))) {
            resumed.awaitSuccess(Launched.seconds(300));
            assertTrue(resumed.output().contains("resuming " + run + " at iteration " + checkpointed + " of " + Project.ITERATIONS),
                    resumed.tail());
            assertFalse(resumed.output().contains("WARNING: Using incubator modules"),
                    "run-local.sh drops the JVM's note on the Vector API:\n" + resumed.tail());
        }

        assertArrayEquals(Reference.get().model(), Files.readAllBytes(run.resolve("model.npz")));
        List<Integer> iterations = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> Integer.parseInt(line.substring(0, line.indexOf(',')))).toList();
        assertEquals(IntStream.range(0, Project.ITERATIONS).boxed().toList(), iterations);
    }

    /**
     * Ctrl-C (SIGINT) in the middle of training: the run says where it stopped, which checkpoint
     * holds and how to resume, exits with 130 and leaves only that checkpoint; resumed, it ends
     * with the model of an uninterrupted run.
     */
    @Test
    void ctrlCSaysWhereTheRunStoppedAndHowToResumeIt() throws Exception {
        Path dir = Project.freshFolder("interrupted");
        Path run = dir.resolve("run");
        try (Launched first = Launched.start(Project.plainJava(List.of("-Xmx1g"), Project.training(run,
                "--master", "local[2]")), Map.of(), Project.ROOT, dir.resolve("first.log"))) {
            first.await(Project.progress(7), Launched.seconds(300));
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(first.handle().pid())).start().waitFor());
            assertEquals(130, first.waitFor(Launched.seconds(120)), first.tail());
            Matcher said = Pattern.compile("interrupted: stopped at iteration (\\d+) of " + Project.ITERATIONS
                    + "; the checkpoint of iteration (\\d+) holds in " + Pattern.quote(run.resolve(Checkpoint.FOLDER).toString())
                    + "; continue with: train --resume " + Pattern.quote(run.toString()) + "\n").matcher(first.output());
            assertTrue(said.find(), first.tail());
            assertFalse(first.output().contains("error:"), first.tail());
            int checkpointed = Integer.parseInt(said.group(2));
            assertTrue(checkpointed >= 5 && checkpointed <= Integer.parseInt(said.group(1)), said.group());
            assertEquals(checkpointed, Checkpoint.read(run).iteration());
        }
        try (Stream<Path> files = Files.walk(run)) {
            assertEquals(List.of("", Checkpoint.FOLDER, Checkpoint.FOLDER + "/checkpoint.json",
                    String.format("%s/state-%06d.npz", Checkpoint.FOLDER, Checkpoint.read(run).iteration())),
                    files.map(f -> run.relativize(f).toString()).sorted().toList(), "only the checkpoint stays");
        }

        try (Launched resumed = Launched.start(Project.plainJava(List.of("-Xmx1g"), List.of("train", "--resume",
                run.toString(), "--master", "local[2]")), Map.of(), Project.ROOT, dir.resolve("resumed.log"))) {
            resumed.awaitSuccess(Launched.seconds(300));
        }
        assertArrayEquals(Reference.get().model(), Files.readAllBytes(run.resolve("model.npz")));
    }

    /** run-local.sh's classpath holds what Spark reads Parquet with (parquet-jackson is a runtime dependency of Spark's). */
    @Test
    void runLocalTrainsOnAParquetFolder() throws IOException {
        Path dir = Project.freshFolder("parquet");
        Path parquet = StoredAs.parquet(TestData.sample(dir.resolve("digits.csv"), 300, 4), dir.resolve("digits.parquet"),
                StoredAs.Layout.VECTOR);
        try (Launched run = Launched.start(Project.runLocal(List.of("train", "--data", parquet.toString(), "--out",
                dir.resolve("run").toString(), "--iterations", "2", "--dev-rows", "50", "--hidden", "4")), Map.of(),
                Project.ROOT, dir.resolve("train.log"))) {
            run.awaitSuccess(Launched.seconds(300));
            assertTrue(run.output().contains("250 training rows, 50 dev rows"), run.tail());
        }
        assertTrue(Files.exists(dir.resolve("run/model.npz")));
    }

    static void assertOnlyLoopback(List<InetSocketAddress> listening) {
        for (InetSocketAddress address : listening) {
            assertTrue(address.getAddress().isLoopbackAddress(), "listens on " + address + ": " + listening);
        }
    }
}
