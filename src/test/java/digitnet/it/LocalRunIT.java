package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.cli.FirstAttemptsFail;
import digitnet.train.Checkpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Local runs in their own JVMs: where they listen, retried tasks, and a driver killed and resumed. */
class LocalRunIT {

    @Test
    void theDriverAndItsUiListenOnLoopbackOnly() {
        Reference reference = Reference.get();

        assertTrue(reference.listening().stream().anyMatch(a -> a.getPort() == reference.uiPort()),
                "the UI should listen on port " + reference.uiPort() + ": " + reference.listening());
        assertOnlyLoopback(reference.listening());
    }

    @Test
    void tasksFailingOnTheirFirstAttemptLeaveTheModelUnchanged() throws IOException {
        Path dir = Project.freshFolder("first-attempt-failures");
        List<InetSocketAddress> listening;
        try (Launched run = Launched.start(Project.testMain(List.of("-Xmx1g"), FirstAttemptsFail.class,
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
        }

        assertArrayEquals(Reference.get().model(), Files.readAllBytes(run.resolve("model.npz")));
        List<Integer> iterations = Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> Integer.parseInt(line.substring(0, line.indexOf(',')))).toList();
        assertEquals(IntStream.range(0, Project.ITERATIONS).boxed().toList(), iterations);
    }

    static void assertOnlyLoopback(List<InetSocketAddress> listening) {
        for (InetSocketAddress address : listening) {
            assertTrue(address.getAddress().isLoopbackAddress(), "listens on " + address + ": " + listening);
        }
    }
}
