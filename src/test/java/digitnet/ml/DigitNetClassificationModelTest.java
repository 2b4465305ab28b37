package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.SharedSpark;
import digitnet.TestModel;
import digitnet.data.NumberedDigits;
import digitnet.model.Model;
import digitnet.io.Npz;
import digitnet.model.Prediction;
import digitnet.model.Predictor;
import digitnet.data.DigitShape;
import digitnet.data.StoredDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model: the same forward pass as {@code predict}, checked input, and save/load in every form. */
class DigitNetClassificationModelTest {
    @TempDir
    Path tmp;

    private static DigitNetClassificationModel testModel() {
        return new DigitNetClassificationModel(Model.load(TestModel.run()));
    }

    /** What {@code predict} says about each of the test model's digits, by ImageId. */
    private static Map<Long, Prediction> predicted() {
        Model model = Model.load(TestModel.run());
        try (NumberedDigits digits = NumberedDigits.read(SharedSpark.session(),
                StoredDigits.at(SharedSpark.session(), TestModel.data().toString()))) {
            Map<Long, Prediction> byId = new TreeMap<>();
            for (Prediction p : Predictor.predict(SharedSpark.context(), model, digits, null)) {
                byId.put(p.imageId(), p);
            }
            return byId;
        }
    }

    @Test
    void transformAgreesWithPredictRowForRowOnEveryKindOfVector() {
        Map<Long, Prediction> expected = predicted();
        DigitNetClassificationModel model = testModel();
        for (var kind : List.<java.util.function.Function<int[], Vector>>of(Digits::dense, Digits::sparse, Digits::scaled)) {
            List<Row> rows = model.transform(Digits.frame(TestModel.data(), kind, 3))
                    .select("id", "rawPrediction", "probability", "prediction").collectAsList();
            assertEquals(TestModel.ROWS, rows.size());
            for (Row row : rows) {
                Prediction p = expected.get(row.getLong(0));
                assertArrayEquals(p.probabilities(), ((Vector) row.get(2)).toArray(), 0.0, "row " + row.getLong(0));
                assertEquals(p.predicted(), row.getDouble(3), "row " + row.getLong(0));
                assertEquals(p.predicted(), ((Vector) row.get(1)).argmax());
            }
        }
    }

    @Test
    void badVectorsAreRefusedNamingTheColumnAndTheValue() {
        DigitNetClassificationModel model = testModel();
        double[] ok = new double[DigitShape.PIXELS];
        ok[100] = 200;
        assertMessage(model, Vectors.dense(new double[783]), "has size 783, expected 784");
        assertMessage(model, with(ok, 5, Double.NaN), "value NaN at index 5 is not a number");
        assertMessage(model, with(ok, 7, 300), "value 300.0 at index 7 is outside 0..255");
        assertMessage(model, with(ok, 7, -1), "value -1.0 at index 7 is outside 0..255");
        assertMessage(model, with(ok, 9, 0.2), "value 200.0 at index 100 is outside 0..1");
        assertMessage(model, with(ok, 9, 0.5), "value 0.5 at index 9 is not a pixel/255");
        assertMessage(model, with(new double[DigitShape.PIXELS], 9, 0.5), "value 0.5 at index 9 is not a pixel/255");
        assertMessage(model, Vectors.sparse(DigitShape.PIXELS, new int[] {3}, new double[] {0.3}),
                "value 0.3 at index 3 is not a pixel/255");
    }

    @Test
    void transformReportsABadVectorWhenTheRowsAreComputed() {
        Dataset<Row> bad = SharedSpark.session().createDataFrame(List.of(
                RowFactory.create(1.0, Vectors.dense(new double[784]), 1L),
                RowFactory.create(1.0, Vectors.sparse(784, new int[] {3}, new double[] {300}), 2L)), Digits.SCHEMA);
        Exception e = assertThrows(Exception.class, () -> testModel().transform(bad).collectAsList());
        Throwable cause = e;
        while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertEquals("column features: the vector value 300.0 at index 3 is outside 0..255, in the row whose "
                + "features are (784,[3],[300.0])", cause.getMessage());
    }

    private static void assertMessage(DigitNetClassificationModel model, Vector v, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predictRaw(v));
        assertTrue(e.getMessage().startsWith("column features: the vector "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static Vector with(double[] base, int index, double value) {
        double[] v = base.clone();
        v[index] = value;
        return Vectors.dense(v);
    }

    @Test
    void scaledAndIntegerPixelsGiveTheSameScores() {
        DigitNetClassificationModel model = testModel();
        int[] pixels = Digits.fields(TestModel.data()).get(0);
        int[] digit = Arrays.copyOfRange(pixels, 1, 1 + DigitShape.PIXELS);
        Vector raw = model.predictRaw(Digits.dense(digit));
        assertArrayEquals(raw.toArray(), model.predictRaw(Digits.sparse(digit)).toArray(), 0.0);
        assertArrayEquals(raw.toArray(), model.predictRaw(Digits.scaled(digit)).toArray(), 0.0);
    }

    @Test
    void savedModelLoadsWithTheSamePredictionsAndItsWeightsAreModelNpz() throws Exception {
        DigitNetClassificationModel model = testModel().setProbabilityCol("p");
        String path = tmp.resolve("saved").toString();
        model.write().overwrite().save(path);
        model.write().overwrite().save(path);
        DigitNetClassificationModel loaded = DigitNetClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("p", loaded.getProbabilityCol());
        assertSameOutput(model.transform(frame()), loaded.transform(frame()), "p");
        assertArrayEquals(Files.readAllBytes(TestModel.run().resolve("model.npz")),
                Files.readAllBytes(Path.of(path, "model.npz")), "model.npz inside the saved folder");
        assertArrayEquals(model.network().params(), Model.fromArrays(
                Npz.read(Path.of(path, "model.npz")), Path.of(path)).params());
    }

    @Test
    void savingOverAModelNeedsOverwrite() throws Exception {
        String path = tmp.resolve("saved").toString();
        testModel().write().save(path);
        assertThrows(java.io.IOException.class, () -> testModel().write().save(path));
    }

    @Test
    void aSparkSavedModelWorksWithPredictModel() throws Exception {
        String path = tmp.resolve("saved").toString();
        testModel().write().save(path);
        Path fromSaved = tmp.resolve("from-saved.csv");
        Path fromRun = tmp.resolve("from-run.csv");
        for (var run : List.of(List.of(path, fromSaved), List.of(TestModel.run().toString(), fromRun))) {
            Cli.Result r = Cli.run("predict", "--model", run.get(0).toString(), "--data", TestModel.data().toString(),
                    "--out", run.get(1).toString(), "--probabilities");
            assertEquals(0, r.status(), r.toString());
        }
        assertEquals(Files.readString(fromRun), Files.readString(fromSaved));
    }

    @Test
    void aTrainRunFolderLoadsAsASavedModel() {
        DigitNetClassificationModel loaded = DigitNetClassificationModel.load(TestModel.run().toString());
        assertSameOutput(testModel().transform(frame()), loaded.transform(frame()), "probability");
    }

    @Test
    void pipelineModelHoldingTheStageSavesAndLoads() throws Exception {
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {testModel()}).fit(frame());
        String path = tmp.resolve("pipeline").toString();
        pipeline.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertTrue(loaded.stages()[0] instanceof DigitNetClassificationModel);
        assertSameOutput(pipeline.transform(frame()), loaded.transform(frame()), "probability");
    }

    @Test
    void exportNpzWritesWhatTrainWrites() throws Exception {
        Path file = tmp.resolve("exported.npz");
        testModel().exportNpz(file.toString());
        assertArrayEquals(Files.readAllBytes(TestModel.run().resolve("model.npz")), Files.readAllBytes(file));
        assertArrayEquals(testModel().network().params(),
                DigitNetClassificationModel.fromNpz(file.toString()).network().params());
    }

    private static Dataset<Row> frame() {
        return Digits.frame(TestModel.data(), Digits::sparse, 2);
    }

    private static void assertSameOutput(Dataset<Row> a, Dataset<Row> b, String probabilityCol) {
        List<Row> left = a.orderBy("id").select("id", "rawPrediction", probabilityCol, "prediction").collectAsList();
        List<Row> right = b.orderBy("id").select("id", "rawPrediction", probabilityCol, "prediction").collectAsList();
        assertEquals(left, right);
    }
}
