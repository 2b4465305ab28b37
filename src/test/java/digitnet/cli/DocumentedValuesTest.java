package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.TestModel;
import digitnet.train.Checkpoint;
import digitnet.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every special value docs/command-line.md and {@code --help} document for a flag (0 meaning none, the
 * ends of every range) runs to the end: none may crash as {@code --checkpoint-every 0} once did
 * with "/ by zero". The values just outside the ranges are refused in {@link BadInputTest}.
 */
class DocumentedValuesTest {
    @TempDir
    static Path tmp;

    static Path data;

    /** 3 iterations on 120 rows, 20 of them dev rows: enough for every flag to take effect. */
    private static final List<String> RUN = List.of("--iterations", "3", "--dev-rows", "20", "--hidden", "4", "--quiet");

    @BeforeAll
    static void sample() {
        data = TestData.sample(tmp.resolve("train.csv"), 120, 8);
    }

    /**
     * Values that do not depend on each other share a run (a crash in any of them fails it): a
     * run costs seconds of Spark work, one each would cost minutes.
     */
    static Stream<Arguments> trainValues() {
        return Stream.of(
                Arguments.of("--iterations 0 --checkpoint-every 0"),
                Arguments.of("--iterations 1 --lr-schedule cosine --dev-rows 0 --hidden 1 --partitions 1 --eval-every 1"),
                Arguments.of("--dev-rows 119 --checkpoint-every 1 --optimizer momentum --momentum 0 --weight-decay 0"),
                Arguments.of("--optimizer nesterov --momentum 0 --lr-schedule step --lr-step-every 1 --lr-step-factor 1 "
                        + "--patience 1 --min-delta 0"),
                Arguments.of("--optimizer adam --beta1 0 --beta2 0 --lr-schedule cosine --learning-rate 0.1 --lr-min 0.1 "
                        + "--patience 1 --early-stop-metric dev_loss"),
                Arguments.of("--optimizer lbfgs --lbfgs-history 1"),
                Arguments.of("--lr-schedule warmup-cosine --lr-warmup 1 --lr-min 0 --patience 0"),
                Arguments.of("--lr-schedule warmup-cosine --lr-warmup 2"));
    }

    @ParameterizedTest(name = "train {0}")
    @MethodSource("trainValues")
    void trainRunsToTheEnd(String flags) {
        Path out = tmp.resolve("run-" + System.nanoTime());
        Cli.Result r = train(out, flags.split(" "));
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        assertTrue(Files.isRegularFile(out.resolve(Model.FILE_NAME)), "no model.npz: " + r);
    }

    /** {@code train} on the sample with {@code flags}, and {@link #RUN}'s values for the flags not among them. */
    private static Cli.Result train(Path out, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString()));
        args.addAll(List.of(flags));
        for (int i = 0; i < RUN.size(); i++) {
            boolean takesValue = i + 1 < RUN.size() && !RUN.get(i + 1).startsWith("--");
            if (!args.contains(RUN.get(i))) {
                args.addAll(takesValue ? RUN.subList(i, i + 2) : RUN.subList(i, i + 1));
            }
            i += takesValue ? 1 : 0;
        }
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void checkpointEveryZeroWritesNoCheckpoint() {
        Path out = tmp.resolve("no-checkpoints");
        Cli.Result r = train(out, "--checkpoint-every", "0");
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.isRegularFile(out.resolve(Model.FILE_NAME)));
        assertFalse(Files.exists(out.resolve(Checkpoint.FOLDER)), "--checkpoint-every 0 wrote a checkpoint");
    }

    static Stream<Arguments> showValues() {
        return Stream.of(
                Arguments.of("--random 1 --partitions 1"),
                Arguments.of("--random 400"),
                Arguments.of("--misclassified 1"),
                Arguments.of("--rows 1," + TestModel.ROWS));
    }

    @ParameterizedTest(name = "show {0}")
    @MethodSource("showValues")
    void showRunsToTheEnd(String flags) {
        List<String> args = new ArrayList<>(List.of("show", "--model", TestModel.run().toString(),
                "--data", TestModel.data().toString(), "--out", tmp.resolve("show-" + System.nanoTime() + ".png").toString()));
        args.addAll(List.of(flags.split(" ")));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
    }

    @ParameterizedTest(name = "show {0}")
    @ValueSource(strings = {"--random 0", "--random 401", "--misclassified 0", "--rows 0", "--rows 301"})
    void showRefusesCountsAndRowsOutsideTheRange(String flags) {
        List<String> args = new ArrayList<>(List.of("show", "--model", TestModel.run().toString(),
                "--data", TestModel.data().toString(), "--out", tmp.resolve("refused.png").toString()));
        args.addAll(List.of(flags.split(" ")));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().lines().count() == 1, r.toString());
        assertFalse(Files.exists(tmp.resolve("refused.png")));
    }
}
