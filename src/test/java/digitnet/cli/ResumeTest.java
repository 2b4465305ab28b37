package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume}, {@code --checkpoint-every} and {@code --force} in-process. Resuming
 * after a driver killed with SIGKILL is in {@code LocalRunIT}, which can kill a process.
 */
class ResumeTest {
    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sample() {
        data = TestData.sample(shared.resolve("train.csv"), 300, 5);
    }

    @Test
    void trainingAFinishedRunFurtherEqualsOneLongerRun() throws IOException {
        Path resumed = train(tmp.resolve("resumed"), "--iterations", "4");
        Path longer = train(tmp.resolve("longer"), "--iterations", "6");

        // A larger --iterations alone needs no --force: the constant rate does not depend on it.
        Cli.Result r = Cli.run("train", "--resume", resumed.toString(), "--iterations", "6");

        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("resuming " + resumed + " at iteration 4 of 6"), r.out());
        assertArrayEquals(Files.readAllBytes(longer.resolve("model.npz")), Files.readAllBytes(resumed.resolve("model.npz")));
        assertEquals(IntStream.range(0, 6).boxed().toList(), iterations(resumed));
        assertEquals(6, Checkpoint.read(resumed).iteration());
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "adam", "lbfgs"})
    void anOptimizersStateGoesIntoTheCheckpointAndBack(String optimizer) throws IOException {
        String[] settings = {"--optimizer", optimizer, "--learning-rate", "0.01", "--init", "he"};
        Path resumed = train(tmp.resolve("resumed-" + optimizer), concat(settings, "--iterations", "4"));
        Path longer = train(tmp.resolve("longer-" + optimizer), concat(settings, "--iterations", "6"));

        Cli.Result r = Cli.run("train", "--resume", resumed.toString(), "--iterations", "6");

        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(Files.readAllBytes(longer.resolve("model.npz")), Files.readAllBytes(resumed.resolve("model.npz")));
    }

    @Test
    void aCosineScheduleRefusesAnotherLengthUnlessForced() {
        Path run = train(tmp.resolve("cosine"), "--lr-schedule", "cosine", "--iterations", "4");

        Cli.Result refused = Cli.run("train", "--resume", run.toString(), "--iterations", "6");

        assertEquals(2, refused.status(), refused.toString());
        assertEquals("error: cannot resume " + run + ": settings differ from its checkpoint's: --iterations 6"
                + " (checkpoint: 4) (the rates of --lr-schedule cosine depend on it); pass --force to continue"
                + " with the new settings\n", refused.err());
        assertEquals(0, Cli.run("train", "--resume", run.toString(), "--iterations", "6", "--force").status());
    }

    @Test
    void aCheckpointOfAnotherOptimizerIsRefusedEvenForced() {
        Path run = train(tmp.resolve("adam"), "--optimizer", "adam", "--learning-rate", "0.01", "--iterations", "2");
        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--optimizer", "momentum", "--iterations", "4",
                "--force");
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + run.resolve(Checkpoint.FOLDER) + ": the optimizer's state should hold"),
                r.err());
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    @Test
    void resumingAFinishedRunRewritesTheSameModel() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        byte[] model = Files.readAllBytes(run.resolve("model.npz"));

        Cli.Result r = Cli.run("train", "--resume", run.toString());

        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.npz")));
        assertEquals(List.of(0, 1, 2, 3), iterations(run));
    }

    @Test
    void otherSettingsAreRefusedUnlessForced() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        byte[] before = Files.readAllBytes(run.resolve("checkpoint/checkpoint.json"));

        Cli.Result refused = Cli.run("train", "--resume", run.toString(), "--learning-rate", "0.2", "--seed", "9");

        assertEquals(2, refused.status(), refused.toString());
        assertEquals("error: cannot resume " + run + ": settings differ from its checkpoint's: --learning-rate 0.2"
                + " (checkpoint: 0.1), --seed 9 (checkpoint: 0); pass --force to continue with the new settings\n",
                refused.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint/checkpoint.json")));

        Cli.Result forced = Cli.run("train", "--resume", run.toString(), "--learning-rate", "0.2", "--seed", "9",
                "--force");
        assertEquals(0, forced.status(), forced.toString());
        assertTrue(Files.readString(run.resolve("checkpoint/checkpoint.json")).contains("\"learning-rate\" : \"0.2\""));
    }

    @Test
    void otherDataIsRefusedUnlessForced() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        Path other = TestData.sample(tmp.resolve("other.csv"), 300, 6);

        Cli.Result refused = Cli.run("train", "--resume", run.toString(), "--data", other.toString());

        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().startsWith("error: cannot resume " + run + ": " + other
                + " holds other rows than its checkpoint's data (300 rows, checksum "), refused.err());
        assertTrue(refused.err().endsWith("; pass --force to continue on them\n"), refused.err());
        assertEquals(0, Cli.run("train", "--resume", run.toString(), "--data", other.toString(), "--force").status());
    }

    @Test
    void theSameRowsUnderAnotherPathAreTheSameData() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        java.util.Collections.reverse(lines.subList(1, lines.size()));
        Path reordered = TestData.write(tmp.resolve("reordered.csv"), lines);

        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--data", reordered.toString());

        assertEquals(0, r.status(), r.toString());
    }

    @Test
    void theHiddenSizeCannotChangeEvenForced() {
        Path run = train(tmp.resolve("run"), "--iterations", "4");

        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--hidden", "5", "--force");

        assertEquals(2, r.status(), r.toString());
        assertEquals("error: cannot resume " + run + " with --hidden 5: its checkpoint's weights have 4 hidden units\n",
                r.err());
    }

    @Test
    void aFreshRunDoesNotOverwriteACheckpointUnlessForced() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        byte[] before = Files.readAllBytes(run.resolve("checkpoint/checkpoint.json"));

        Cli.Result refused = Cli.run(args(run, "--iterations", "2"));

        assertEquals(2, refused.status(), refused.toString());
        assertEquals("error: " + run + " holds the checkpoint of an earlier run; continue it with --resume " + run
                + ", or pass --force to start over there\n", refused.err());
        assertArrayEquals(before, Files.readAllBytes(run.resolve("checkpoint/checkpoint.json")));

        assertEquals(0, Cli.run(args(run, "--iterations", "3", "--force")).status());
        assertEquals("3", Checkpoint.read(run).settings().get("iterations"), "the new run's checkpoint");
        assertEquals(3, Checkpoint.read(run).iteration());
    }

    @Test
    void divergenceNamesTheIterationAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = train(tmp.resolve("run"), "--iterations", "4");
        byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoint/state-000004.npz"));
        byte[] model = Files.readAllBytes(run.resolve("model.npz"));

        Cli.Result r = Cli.run("train", "--resume", run.toString(), "--iterations", "8", "--learning-rate", "1e6",
                "--checkpoint-every", "1", "--force");

        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: iteration 5: the mean loss is "), r.err());
        assertTrue(r.err().contains("(training diverged); try a smaller --learning-rate; the last good checkpoint, of "
                + "iteration 4, stays in " + run.resolve("checkpoint") + "; continue from it with --resume " + run
                + " --force --learning-rate <smaller>\n"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertArrayEquals(checkpoint, Files.readAllBytes(run.resolve("checkpoint/state-000004.npz")));
        assertEquals(4, Checkpoint.read(run).history().size());
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.npz")));
    }

    @Test
    void aRunDivergingBeforeItsFirstCheckpointWritesNothing() {
        Path run = tmp.resolve("run");

        Cli.Result r = Cli.run(args(run, "--iterations", "8", "--learning-rate", "1e6"));

        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: iteration 1: the mean loss is "), r.err());
        assertTrue(r.err().endsWith("try a smaller --learning-rate; no checkpoint had been written yet\n"), r.err());
        assertFalse(Files.exists(run.resolve("model.npz")));
        assertFalse(Checkpoint.exists(run));

        Cli.Result overflow = Cli.run(args(tmp.resolve("overflow"), "--iterations", "8", "--learning-rate", "1e15"));
        assertEquals("error: iteration 1: the loss or gradient is not finite (training diverged); try a smaller "
                + "--learning-rate; no checkpoint had been written yet\n", overflow.err());
    }

    @Test
    void resumeNeedsACheckpoint() {
        Cli.Result r = Cli.run("train", "--resume", tmp.toString());

        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + tmp + ": no checkpoint to resume"), r.err());
    }

    /** Trains on the sample into {@code out} with small settings plus {@code extra}; returns {@code out}. */
    private static Path train(Path out, String... extra) {
        Cli.Result r = Cli.run(args(out, extra));
        assertEquals(0, r.status(), r.toString());
        return out;
    }

    private static String[] args(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--hidden", "4", "--dev-rows", "50", "--checkpoint-every", "2", "--eval-every", "100"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<Integer> iterations(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().skip(1)
                .map(line -> Integer.parseInt(line.substring(0, line.indexOf(',')))).toList();
    }
}
