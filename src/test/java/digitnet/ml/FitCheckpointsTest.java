package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.io.FarFileSystem;
import digitnet.train.Checkpoint;
import digitnet.train.CheckpointStore;
import digitnet.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit with {@code checkpointDir}: it keeps {@code train}'s checkpoints on any Hadoop path, and a
 * fit cut short, or one asked for more iterations, resumes and ends with the model bytes of an
 * uninterrupted fit; a checkpoint of another training is refused, not overwritten.
 */
class FitCheckpointsTest {
    private static final int ITERATIONS = 8;

    @TempDir
    static Path tmp;
    private static Path csv;
    private static Dataset<Row> frame;
    private static Configuration conf;
    /** The model of an uninterrupted fit of {@link #estimator} with maxIter {@value #ITERATIONS}. */
    private static byte[] uninterrupted;

    @TempDir
    Path dir;

    @BeforeAll
    static void sample() throws IOException {
        csv = TestData.sample(tmp.resolve("digits.csv"), 400, 17);
        frame = Digits.frame(csv, Digits::sparse, 3);
        conf = SharedSpark.session().sparkContext().hadoopConfiguration();
        FarFileSystem.register(conf);
        uninterrupted = exported(estimator().fit(frame), "uninterrupted");
    }

    /** adam, whose state the checkpoint must carry for the resumed model to be the same. */
    private static DigitNetClassifier estimator() {
        return new DigitNetClassifier().setHidden(6).setMaxIter(ITERATIONS).setDevRows(50).setSeed(3).setInit("he")
                .setOptimizer("adam").setStepSize(0.01);
    }

    @Test
    void aFitCutShortResumesToTheModelOfAnUninterruptedFit() throws Exception {
        String checkpointDir = "file:" + dir;
        DigitNetClassifier estimator = estimator().setCheckpointDir(checkpointDir).setCheckpointInterval(3);

        IllegalStateException cut = assertThrows(IllegalStateException.class,
                () -> DigitNetTraining.fit(estimator, frame, failingAt(7)));

        assertEquals("cut short at iteration 7", cut.getMessage());
        assertEquals(List.of("checkpoint.json", "state-000006.npz"), names(dir));
        assertEquals(6, stored(checkpointDir).iteration());

        Iterations run = new Iterations();
        DigitNetClassificationModel resumed = DigitNetTraining.fit(estimator, frame, run);

        assertEquals(List.of(6, 7, 8), run.verified, "resumed at the checkpoint");
        assertArrayEquals(uninterrupted, exported(resumed, "resumed"));
        assertEquals(ITERATIONS, resumed.summary().orElseThrow().iterations(), "metrics of every iteration, once");
        assertEquals(List.of("checkpoint.json", "state-000008.npz"), names(dir));
        Iterations again = new Iterations();
        assertArrayEquals(uninterrupted, exported(DigitNetTraining.fit(estimator, frame, again), "refitted"));
        assertEquals(List.of(ITERATIONS), again.verified, "a finished fit fitted again only evaluates its model");
    }

    @Test
    void aFinishedFitContinuedEqualsOneLongerFitOnAnotherFileSystem() throws Exception {
        String checkpointDir = FarFileSystem.far(dir.resolve("on/far"));
        DigitNetClassifier estimator = estimator().setCheckpointDir(checkpointDir).setCheckpointInterval(50);

        estimator.copy(ParamMap.empty()).setMaxIter(5).fit(frame);
        assertEquals(5, stored(checkpointDir).iteration(), "a checkpoint at the end");

        Iterations run = new Iterations();
        assertArrayEquals(uninterrupted, exported(DigitNetTraining.fit(estimator, frame, run), "continued"));
        assertEquals(List.of(5, 6, 7, 8), run.verified, "resumed at the checkpoint");
        assertEquals(List.of("checkpoint.json", "state-000008.npz"), names(dir.resolve("on/far")));
    }

    @Test
    void aFitResumesTheCheckpointOfATrainRun() throws Exception {
        Path run = dir.resolve("run");
        List<String> flags = List.of("train", "--data", csv.toString(), "--out", run.toString(), "--quiet",
                "--hidden", "6", "--dev-rows", "50", "--seed", "3", "--init", "he", "--optimizer", "adam",
                "--learning-rate", "0.01", "--checkpoint-every", "2", "--iterations", "4");
        Cli.Result trained = Cli.run(flags.toArray(String[]::new));
        assertEquals(0, trained.status(), trained.toString());

        Iterations resumed = new Iterations();
        DigitNetClassificationModel model = DigitNetTraining.fit(
                estimator().setCheckpointDir(run.resolve(Checkpoint.FOLDER).toString()), frame, resumed);

        assertEquals(4, resumed.verified.get(0), "resumed at the run's last checkpoint");
        assertArrayEquals(uninterrupted, exported(model, "from-train"));
    }

    @Test
    void aCheckpointOfOtherParamsIsRefusedNamingTheFolderAndTheDifferences() throws IOException {
        String checkpointDir = dir.toString();
        estimator().setCheckpointDir(checkpointDir).setMaxIter(4).fit(frame);
        byte[] record = Files.readAllBytes(dir.resolve("checkpoint.json"));

        assertRefused("checkpointDir " + checkpointDir + " holds the checkpoint of a fit with other params: stepSize "
                + "0.02 (checkpoint: 0.01), seed 9 (checkpoint: 3); set them as they were to resume it, or give another "
                + "checkpointDir to train anew", () -> estimator().setCheckpointDir(checkpointDir).setStepSize(0.02)
                .setSeed(9).fit(frame));
        assertRefused("checkpointDir " + checkpointDir + " holds the checkpoint of a fit with other params: hidden 7 "
                + "(checkpoint: 6), initialModel " + tmp + " (checkpoint: unset); set them",
                () -> estimator().setCheckpointDir(checkpointDir).setHidden(7).setInitialModel(tmp.toString()).fit(frame));
        assertRefused("checkpointDir " + checkpointDir + " holds the checkpoint of iteration 4, beyond maxIter 3; set "
                + "maxIter to 4 or more to resume it, or give another checkpointDir to train anew",
                () -> estimator().setCheckpointDir(checkpointDir).setMaxIter(3).fit(frame));
        assertRefused("checkpointDir does not go with patience yet",
                () -> estimator().setCheckpointDir(checkpointDir).setPatience(2).fit(frame));
        assertArrayEquals(record, Files.readAllBytes(dir.resolve("checkpoint.json")), "the checkpoint stays");
    }

    @Test
    void aCosineScheduleCannotContinueToAnotherMaxIter() {
        String checkpointDir = dir.toString();
        DigitNetClassifier cosine = estimator().setCheckpointDir(checkpointDir).setLrSchedule("cosine");
        cosine.copy(ParamMap.empty()).setMaxIter(4).fit(frame);

        assertRefused("checkpointDir " + checkpointDir + " holds the checkpoint of a fit with other params: maxIter "
                + ITERATIONS + " (checkpoint: 4) (the rates of lrSchedule cosine depend on it); set them",
                () -> cosine.fit(frame));
    }

    @Test
    void aCheckpointOfOtherRowsOrOtherDevRowsIsRefused() throws IOException {
        String checkpointDir = dir.toString();
        estimator().setCheckpointDir(checkpointDir).setMaxIter(2).fit(frame);

        assertRefused("checkpointDir " + checkpointDir + " holds the checkpoint of other rows than the DataFrame's "
                + "(399 rows, checksum ", () -> estimator().setCheckpointDir(checkpointDir).fit(frame.where("id > 1")));
        assertTrue(lastRefusal.contains("; checkpoint: 400 rows of the DataFrame, checksum "), lastRefusal);
        assertTrue(lastRefusal.endsWith("); give another checkpointDir to train on these rows"), lastRefusal);

        Path marked = dir.resolve("marked");
        DigitNetClassifier indicated = estimator().setCheckpointDir(marked.toString()).setMaxIter(2)
                .setValidationIndicatorCol("isDev");
        indicated.fit(frame.withColumn("isDev", functions.col("id").mod(8).equalTo(0)));
        assertRefused("checkpointDir " + marked + " holds the checkpoint of other rows than the DataFrame's",
                () -> indicated.fit(frame.withColumn("isDev", functions.col("id").mod(8).equalTo(1))));
    }

    @Test
    void checkpointIntervalMinusOneKeepsNoCheckpoints() throws IOException {
        DigitNetClassifier estimator = new DigitNetClassifier();
        assertEquals(50, estimator.getCheckpointInterval(), "train --checkpoint-every's default");
        assertEquals("", estimator.getCheckpointDir());
        assertThrows(IllegalArgumentException.class, () -> estimator.setCheckpointInterval(0));

        estimator().setCheckpointDir(dir.resolve("none").toString()).setCheckpointInterval(-1).setMaxIter(2).fit(frame);

        assertFalse(Files.exists(dir.resolve("none")));
    }

    private String lastRefusal;

    private void assertRefused(String expectedStart, Supplier<?> fit) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, fit::get);
        lastRefusal = e.getMessage();
        assertTrue(e.getMessage().startsWith(expectedStart),
                "expected a message starting with\n  " + expectedStart + "\nbut got\n  " + e.getMessage());
    }

    /** A listener that ends the run with an exception once iteration {@code iteration}'s weights are verified. */
    private static Trainer.Listener failingAt(int iteration) {
        return new Trainer.Listener() {
            @Override
            public void verified(Trainer.Progress progress) {
                if (progress.iteration() == iteration) {
                    throw new IllegalStateException("cut short at iteration " + iteration);
                }
            }
        };
    }

    /** The iterations whose weights a run verified, in order. */
    private static final class Iterations implements Trainer.Listener {
        final List<Integer> verified = new ArrayList<>();

        @Override
        public void verified(Trainer.Progress progress) {
            verified.add(progress.iteration());
        }
    }

    private static Checkpoint stored(String checkpointDir) {
        return CheckpointStore.at(conf, checkpointDir).read();
    }

    private static byte[] exported(DigitNetClassificationModel model, String name) throws IOException {
        Path file = tmp.resolve(name + ".npz");
        model.exportNpz(file.toString());
        return Files.readAllBytes(file);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
