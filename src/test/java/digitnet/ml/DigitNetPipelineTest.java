package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.examples.SparkCodeExample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage among Spark's own: VectorAssembler before it, the tuning tools around it, the example the docs quote. */
class DigitNetPipelineTest {
    @TempDir
    Path tmp;

    /** A Kaggle-format CSV read as Spark users read it: an int column per pixel. */
    private static Dataset<Row> kaggleCsv(Path file) {
        return SharedSpark.session().read().option("header", true).schema(kaggleSchema()).csv(file.toString());
    }

    private static StructType kaggleSchema() {
        StructType schema = new StructType().add("label", DataTypes.IntegerType);
        for (int p = 0; p < 784; p++) {
            schema = schema.add("pixel" + p, DataTypes.IntegerType);
        }
        return schema;
    }

    private static VectorAssembler assembler() {
        String[] pixels = new String[784];
        Arrays.setAll(pixels, p -> "pixel" + p);
        return new VectorAssembler().setInputCols(pixels).setOutputCol("features");
    }

    /**
     * Spark's public API only, as a Spark user tries a new estimator: VectorAssembler and the stage
     * with every param at its default, under a 2-fold CrossValidator over 2,000 rows. Each fold
     * trains on all of its 1,000 rows (the stage holds none out unless asked), as MLlib's do.
     */
    @Test
    void aCrossValidatorOverTwoThousandRowsFitsWithDefaultParams() {
        Dataset<Row> digits = kaggleCsv(TestData.sample(tmp.resolve("d.csv"), 2000, 4));
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(), new DigitNetClassifier()});
        CrossValidatorModel cv = new CrossValidator().setEstimator(pipeline)
                .setEstimatorParamMaps(new ParamMap[] {ParamMap.empty()})
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(1).fit(digits);
        assertTrue(cv.avgMetrics()[0] > 0.7, "accuracy on the held-out folds " + cv.avgMetrics()[0]);
        DigitNetTrainingSummary summary = ((DigitNetClassificationModel) ((PipelineModel) cv.bestModel()).stages()[1])
                .summary().orElseThrow();
        assertEquals(500, summary.iterations());
        assertEquals(0, summary.devRows());
        assertEquals(2000, summary.trainRows());
    }

    /** The file's label and assembled features, cached: the tuning tools read their input many times. */
    private static Dataset<Row> assembled(Path file) {
        return assembler().transform(kaggleCsv(file)).select("label", "features").cache();
    }

    private static DigitNetClassifier quick() {
        return new DigitNetClassifier().setMaxIter(12).setDevRows(0).setInit("he").setOptimizer("adam").setStepSize(0.03);
    }

    @Test
    void crossValidatorPicksAHiddenSizeAndReportsItsMetrics() throws Exception {
        Dataset<Row> digits = assembled(TestData.sample(tmp.resolve("d.csv"), 600, 2));
        DigitNetClassifier classifier = quick();
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.hidden(), new int[] {2, 24}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(1).fit(digits);
        double[] metrics = cv.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0], "24 hidden units beat 2: " + Arrays.toString(metrics));
        assertTrue(metrics[1] > 0.6, Arrays.toString(metrics));
        assertEquals(24, ((DigitNetClassificationModel) cv.bestModel()).getHidden());

        cv.write().overwrite().save(tmp.resolve("cv").toString());
        CrossValidatorModel loaded = CrossValidatorModel.load(tmp.resolve("cv").toString());
        assertEquals(24, ((DigitNetClassificationModel) loaded.bestModel()).getHidden());
    }

    @Test
    void trainValidationSplitPicksAHiddenSize() {
        Dataset<Row> digits = assembled(TestData.sample(tmp.resolve("d.csv"), 600, 3));
        DigitNetClassifier classifier = quick();
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.hidden(), new int[] {2, 24}).build();
        TrainValidationSplitModel tvs = new TrainValidationSplit().setEstimator(classifier)
                .setEstimatorParamMaps(grid).setTrainRatio(0.75).setSeed(1)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).fit(digits);
        assertEquals(2, tvs.validationMetrics().length);
        assertEquals(24, ((DigitNetClassificationModel) tvs.bestModel()).getHidden());
    }

    /**
     * A fitted pipeline scores a streaming DataFrame (files arriving in a folder) as it scores
     * the same rows in a batch: the model's transform is Spark ML's, row by row, with no action
     * a stream refuses.
     */
    @Test
    void aFittedPipelineScoresAStreamAsABatch() throws Exception {
        Path incoming = Files.createDirectories(tmp.resolve("incoming"));
        Path file = TestData.sample(incoming.resolve("digits.csv"), 300, 6);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler(), quick()}).fit(kaggleCsv(file));

        Dataset<Row> stream = SharedSpark.session().readStream().option("header", true).schema(kaggleSchema())
                .csv(incoming.toString());
        StreamingQuery query = model.transform(stream).select("label", "prediction", "probability").writeStream()
                .format("memory").queryName("scored_stream").trigger(Trigger.AvailableNow()).start();
        query.awaitTermination();
        List<String> streamed = sortedRows(SharedSpark.session().table("scored_stream"));
        List<String> batch = sortedRows(model.transform(kaggleCsv(file)).select("label", "prediction", "probability"));
        assertEquals(300, streamed.size());
        assertEquals(batch, streamed);
    }

    private static List<String> sortedRows(Dataset<Row> rows) {
        return rows.collectAsList().stream().map(Row::toString).sorted().toList();
    }

    @Test
    void theSparkGuidesExampleRunsAsWritten() throws Exception {
        Path data = TestData.sample(tmp.resolve("digits.csv"), 1500, 5);
        Path out = tmp.resolve("example");
        double accuracy = SparkCodeExample.run(SharedSpark.session(), data.toString(), out.toString());
        assertTrue(accuracy > 0.7, "test accuracy " + accuracy);
        assertTrue(Files.isDirectory(out.resolve("stages")));
        PipelineModel loaded = PipelineModel.load(out.toString());
        assertTrue(loaded.stages()[1] instanceof DigitNetClassificationModel);
    }

    @Test
    void theSparkGuideQuotesTheExampleAsItIs() throws Exception {
        String source = example();
        String quoted = source.substring(source.indexOf("import digitnet.ml.DigitNetClassifier;"));
        assertTrue(Files.readString(Path.of("docs/spark.md")).contains(quoted),
                "docs/spark.md's example differs from SparkCodeExample.java");
    }

    /** The README shows a few lines of the example, unindented: they must be the example's own, in its order. */
    @Test
    void theReadmeQuotesLinesOfTheExample() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```java\n") + "```java\n".length();
        List<String> quoted = readme.substring(start, readme.indexOf("```", start)).strip().lines().map(String::strip).toList();
        List<String> source = example().lines().map(String::strip).toList();
        assertTrue(quoted.size() > 5 && Collections.indexOfSubList(source, quoted) >= 0,
                "README.md's Java lines are not a run of SparkCodeExample.java's lines:\n" + String.join("\n", quoted));
    }

    private static String example() throws IOException {
        return Files.readString(Path.of("src/main/java/digitnet/examples/SparkCodeExample.java"));
    }
}
