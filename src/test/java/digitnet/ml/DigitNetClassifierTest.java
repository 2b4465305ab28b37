package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.data.DigitShape;
import digitnet.data.RowKey;
import digitnet.data.DigitShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit: the same model as train, bit for bit, whatever the DataFrame's shape; its checks and summary. */
class DigitNetClassifierTest {
    private static final int ROWS = 600;

    @TempDir
    static Path tmp;

    private static Path csv;

    @BeforeAll
    static void sample() {
        csv = TestData.sample(tmp.resolve("digits.csv"), ROWS, 11);
    }

    private static byte[] trained(String name, String... flags) throws Exception {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", csv.toString(), "--out", out.toString(),
                "--quiet"));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        return Files.readAllBytes(out.resolve("model.npz"));
    }

    private static byte[] fitted(DigitNetClassifier estimator, Dataset<Row> frame, String name) throws Exception {
        return exported(estimator.fit(frame), name);
    }

    private static byte[] exported(DigitNetClassificationModel model, String name) throws Exception {
        Path file = tmp.resolve(name + ".npz");
        model.exportNpz(file.toString());
        return Files.readAllBytes(file);
    }

    @Test
    void fitGivesTrainsModelBytesWhateverThePartitioningRowOrderOrVectorKind() throws Exception {
        byte[] expected = trained("gd", "--hidden", "12", "--iterations", "25", "--dev-rows", "100", "--seed", "3");
        DigitNetClassifier estimator = new DigitNetClassifier().setHidden(12).setMaxIter(25).setDevRows(100).setSeed(3);
        assertArrayEquals(expected, fitted(estimator, Digits.frame(csv, Digits::dense, 1), "dense-1"),
                "dense vectors, 1 partition");
        assertArrayEquals(expected, fitted(estimator, Digits.frame(csv, Digits::sparse, 5), "sparse-5"),
                "sparse vectors, 5 partitions");
        Dataset<Row> shuffled = Digits.frame(csv, Digits::scaled, 3).orderBy(functions.rand(7));
        assertArrayEquals(expected, fitted(estimator, shuffled, "scaled-shuffled"),
                "pixel/255 vectors, rows shuffled");
    }

    @Test
    void everyTrainSettingMapsToItsParam() throws Exception {
        byte[] expected = trained("adam", "--hidden", "9", "--iterations", "30", "--dev-rows", "150", "--seed", "5",
                "--init", "he", "--optimizer", "adam", "--learning-rate", "0.02", "--beta1", "0.8", "--beta2", "0.99",
                "--epsilon", "1e-7", "--weight-decay", "0.001", "--lr-schedule", "warmup-cosine", "--lr-warmup", "5",
                "--lr-min", "0.001", "--patience", "8", "--min-delta", "0.001", "--early-stop-metric", "dev_loss",
                "--augment", "2", "--augment-elastic");
        DigitNetClassifier estimator = new DigitNetClassifier().setHidden(9).setMaxIter(30).setDevRows(150).setSeed(5)
                .setInit("he").setOptimizer("adam").setStepSize(0.02).setBeta1(0.8).setBeta2(0.99).setEpsilon(1e-7)
                .setWeightDecay(0.001).setLrSchedule("warmup-cosine").setLrWarmup(5).setLrMin(0.001).setPatience(8)
                .setMinDelta(0.001).setEarlyStopMetric("dev_loss").setAugment(2).setAugmentElastic(true);
        assertArrayEquals(expected, fitted(estimator, Digits.frame(csv, Digits::sparse, 2), "adam"));

        byte[] lbfgs = trained("lbfgs", "--hidden", "7", "--iterations", "8", "--dev-rows", "0",
                "--optimizer", "lbfgs", "--lbfgs-history", "4", "--init", "xavier");
        assertArrayEquals(lbfgs, fitted(new DigitNetClassifier().setHidden(7).setMaxIter(8).setDevRows(0)
                .setOptimizer("lbfgs").setLbfgsHistory(4).setInit("xavier"), Digits.frame(csv, Digits::sparse, 2), "lbfgs"));
    }

    @Test
    void aValidationIndicatorColumnMarkingTheSeededSplitsRowsTrainsTheSameModel() throws Exception {
        // The 100 rows train --dev-rows 100 --seed 9 holds out: the smallest seeded keys of their content.
        List<Long> keys = new ArrayList<>();
        for (int[] fields : Digits.fields(csv)) {
            keys.add(RowKey.devKey(RowKey.contentHash(fields[0], pixelBytes(fields)), 9));
        }
        long threshold = keys.stream().sorted().toList().get(99);
        Dataset<Row> frame = Digits.frame(csv, Digits::sparse, 3);
        List<Row> marked = new ArrayList<>();
        for (Row r : frame.collectAsList()) {
            marked.add(RowFactory.create(r.get(0), r.get(1), r.get(2), keys.get((int) (r.getLong(2) - 1)) <= threshold));
        }
        Dataset<Row> withIndicator = SharedSpark.session().createDataFrame(marked,
                Digits.SCHEMA.add("isDev", DataTypes.BooleanType)).repartition(4);

        DigitNetClassifier seeded = new DigitNetClassifier().setHidden(5).setMaxIter(10).setDevRows(100).setSeed(9);
        DigitNetClassifier indicated = new DigitNetClassifier().setHidden(5).setMaxIter(10).setDevRows(0).setSeed(9)
                .setValidationIndicatorCol("isDev");
        DigitNetClassificationModel model = indicated.fit(withIndicator);
        assertArrayEquals(fitted(seeded, frame, "seeded"), exported(model, "indicated"));
        DigitNetTrainingSummary summary = model.summary().orElseThrow();
        assertEquals(100, summary.devRows());
        assertEquals(ROWS - 100, summary.trainRows());
    }

    private static byte[] pixelBytes(int[] fields) {
        byte[] pixels = new byte[DigitShape.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) fields[1 + p];
        }
        return pixels;
    }

    @Test
    void paramsThatDoNotFitTogetherAreRefusedInParamNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DigitNetClassifier()
                .setStepSize(0.01).setLrMin(0.1).setMaxIter(1).fit(Digits.frame(csv, Digits::sparse, 1)));
        assertTrue(e.getMessage().startsWith("lrMin must be in [0, stepSize 0.01]"), e.getMessage());
    }

    @Test
    void earlyStoppingWithoutADevSetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DigitNetClassifier().setPatience(5).setMaxIter(1).fit(Digits.frame(csv, Digits::sparse, 1)));
        assertEquals("patience 5 needs a dev set to watch, and devRows is 0 (its default): set devRows above 0 or "
                + "validationIndicatorCol", e.getMessage());
    }

    @Test
    void initialModelContinuesFromSavedWeights() throws Exception {
        byte[] start = trained("start", "--hidden", "6", "--iterations", "5", "--dev-rows", "0");
        byte[] expected = trained("continued", "--hidden", "6", "--iterations", "5", "--dev-rows", "0",
                "--init-from", tmp.resolve("start/model.npz").toString(), "--optimizer", "momentum");
        assertNotEquals(new String(start, "ISO-8859-1"), new String(expected, "ISO-8859-1"));
        DigitNetClassifier estimator = new DigitNetClassifier().setHidden(6).setMaxIter(5).setDevRows(0)
                .setOptimizer("momentum").setInitialModel(tmp.resolve("start").toString());
        assertArrayEquals(expected, fitted(estimator, Digits.frame(csv, Digits::sparse, 2), "continued"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> estimator.copy(ParamMap.empty()).setHidden(5).fit(Digits.frame(csv, Digits::sparse, 2)));
        assertTrue(e.getMessage().contains("has 6 hidden units but hidden is 5"), e.getMessage());
    }

    @Test
    void summaryRecordsEveryIterationAndTheKeptOne() {
        DigitNetClassificationModel model = new DigitNetClassifier().setHidden(8).setMaxIter(20).setDevRows(100)
                .setInit("he").setOptimizer("adam").setStepSize(0.01).fit(Digits.frame(csv, Digits::sparse, 2));
        DigitNetTrainingSummary summary = model.summary().orElseThrow();
        assertEquals(20, summary.iterations());
        assertEquals(20, summary.savedIteration());
        assertFalse(summary.stoppedEarly());
        assertEquals(ROWS - 100, summary.trainRows());
        assertEquals(100, summary.devRows());
        assertTrue(summary.loss()[19] < summary.loss()[0], "the loss fell");
        assertTrue(summary.devAccuracy()[19] > 0.3, "dev accuracy " + summary.devAccuracy()[19]);
        assertEquals(20, summary.devLoss().length);
        assertEquals(8 * DigitShape.PIXELS, model.weights("W1").length);
    }

    @Test
    void badLabelsAndFeaturesAreRefusedNamingColumnRowAndValue() {
        for (double label : new double[] {10, 3.5, -1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new DigitNetClassifier().setMaxIter(1).setDevRows(0).fit(withRow(label, new double[DigitShape.PIXELS])));
            assertEquals("column label, row 2 (counting from 0): label " + label + " is not one of the digits 0..9",
                    e.getMessage());
        }
        double[] pixels = new double[DigitShape.PIXELS];
        pixels[17] = 256;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DigitNetClassifier().setMaxIter(1).setDevRows(0).fit(withRow(3, pixels)));
        assertEquals("column features, row 2 (counting from 0): the vector value 256.0 at index 17 is outside 0..255",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new DigitNetClassifier().setMaxIter(1).setDevRows(0).fit(withRow(3, new double[10])));
        assertEquals("column features, row 2 (counting from 0): the vector has size 10, expected 784", e.getMessage());
    }

    /** Two good digits, then a row with {@code label} and {@code pixels}. */
    private static Dataset<Row> withRow(double label, double[] pixels) {
        List<Row> rows = new ArrayList<>();
        for (int[] fields : Digits.fields(csv).subList(0, 2)) {
            double[] v = new double[DigitShape.PIXELS];
            for (int p = 0; p < DigitShape.PIXELS; p++) {
                v[p] = fields[1 + p];
            }
            rows.add(RowFactory.create((double) fields[0], Vectors.dense(v), 0L));
        }
        rows.add(RowFactory.create(label, Vectors.dense(pixels), 0L));
        return SharedSpark.session().createDataFrame(rows, Digits.SCHEMA).coalesce(1);
    }

    @Test
    void settingsAreCheckedWhenSet() {
        DigitNetClassifier estimator = new DigitNetClassifier();
        assertThrows(IllegalArgumentException.class, () -> estimator.setHidden(0));
        assertThrows(IllegalArgumentException.class, () -> estimator.setOptimizer("sgd"));
        assertThrows(IllegalArgumentException.class, () -> estimator.setMomentum(1.0));
        assertEquals(10, estimator.getHidden());
        assertEquals(500, estimator.getMaxIter());
        assertEquals(0.10, estimator.getStepSize());
        assertEquals(0, estimator.getDevRows(), "Spark's convention: every row trains (train --dev-rows holds 1000 out)");
        assertEquals("gd", estimator.getOptimizer());
    }

    @Test
    void estimatorSavesAndLoadsWithItsParams() throws Exception {
        DigitNetClassifier estimator = new DigitNetClassifier().setHidden(33).setOptimizer("nesterov")
                .setSeed(-4).setLrSchedule("step").setFeaturesCol("pixels");
        String path = tmp.resolve("estimator").toString();
        estimator.write().overwrite().save(path);
        DigitNetClassifier loaded = DigitNetClassifier.load(path);
        assertEquals(estimator.uid(), loaded.uid());
        assertEquals(estimator.extractParamMap().toString(), loaded.extractParamMap().toString());
        assertEquals(33, loaded.getHidden());
        assertEquals("pixels", loaded.getFeaturesCol());
    }
}
