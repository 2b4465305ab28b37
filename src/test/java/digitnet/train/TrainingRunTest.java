package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.UserError;
import digitnet.data.DevSet;
import digitnet.data.LabelledDigit;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library-level run: rows from a file or already in Spark, a seeded or a marked dev set,
 * and the cached blocks released however the run ends.
 */
class TrainingRunTest {
    private static final TrainSettings SETTINGS = new TrainSettings(6, 4, 3, Init.HE,
            new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.9, 0.9, 0.999, 1e-8, 10),
            LearningRate.constant(0.01), 0, EarlyStopping.OFF, 0, false);

    @TempDir
    Path tmp;

    @Test
    void rowsAlreadyInSparkTrainTheSameModelBitsAsTheirFile() {
        Path file = TestData.sample(tmp.resolve("d.csv"), 600, 5);
        TrainingRun run = new TrainingRun(SETTINGS, DevSet.seeded(50, SETTINGS.seed()), 3);

        TrainingRun.Outcome fromFile = run.onFile(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), file.toString()), run.fresh(),
                Trainer.Listener.NONE);
        TrainingRun.Outcome fromRows = new TrainingRun(SETTINGS, DevSet.seeded(50, SETTINGS.seed()), 2)
                .onRows(SharedSpark.session(), "rows", digits(file, false), run.fresh(), Trainer.Listener.NONE);

        assertArrayEquals(bits(fromFile.model().params()), bits(fromRows.model().params()));
        assertEquals(fromFile.history().size(), fromRows.history().size());
        assertEquals(4, fromRows.history().size());
        assertEquals(550, fromRows.data().trainRows());
        assertEquals(fromFile.data().checksum(), fromRows.data().checksum());
        assertFalse(Arrays.equals(fromRows.model().params(), SETTINGS.initialWeights()), "training moved the weights");
        assertTrue(fromRows.last().loss() < fromRows.history().get(0).loss(), "the loss fell");
    }

    @Test
    void rowsMarkedAsDevAreTheDevSet() {
        Path file = TestData.sample(tmp.resolve("d.csv"), 300, 6);
        TrainingRun.Outcome done = new TrainingRun(SETTINGS, DevSet.marked(), 2)
                .onRows(SharedSpark.session(), "rows", digits(file, true), Trainer.Progress.start(
                        SETTINGS.initialWeights()), Trainer.Listener.NONE);
        assertEquals(100, done.data().devRows());     // every third row is marked
        assertEquals(200, done.data().trainRows());
        assertFalse(Double.isNaN(done.saved().devAccuracy()));
    }

    @Test
    void aRefusalOnceLoadedReleasesTheCachedBlocks() {
        Path file = TestData.sample(tmp.resolve("d.csv"), 200, 7);
        int cachedBefore = SharedSpark.context().getPersistentRDDs().size();
        Trainer.Listener refuse = new Trainer.Listener() {
            @Override
            public void loaded(TrainingData data, double loadSeconds) {
                throw new UserError("not these rows");
            }
        };
        TrainingRun run = new TrainingRun(SETTINGS, DevSet.none(), 2);
        assertThrows(UserError.class, () -> run.onFile(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), file.toString()), run.fresh(), refuse));
        assertEquals(cachedBefore, SharedSpark.context().getPersistentRDDs().size());
    }

    /** The file's digits as an RDD, every third row marked as dev when {@code markThirds}. */
    private static JavaRDD<LabelledDigit> digits(Path file, boolean markThirds) {
        List<String> lines = TestData.lines(file);
        List<LabelledDigit> digits = new ArrayList<>();
        for (int r = 1; r < lines.size(); r++) {
            double[] f = Arrays.stream(lines.get(r).split(",")).mapToDouble(Double::parseDouble).toArray();
            digits.add(LabelledDigit.of(f[0], Arrays.copyOfRange(f, 1, f.length), markThirds && r % 3 == 0));
        }
        return SharedSpark.context().parallelize(digits, 3);
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
