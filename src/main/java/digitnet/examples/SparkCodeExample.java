package digitnet.examples;

import digitnet.ml.DigitNetClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The example of docs/spark.md (and, its middle lines, of the README), compiled and tested with the rest:
 * {@code scripts/run-local.sh example} runs it on the bundled digits.
 */
public final class SparkCodeExample {
    private SparkCodeExample() {}

    public static void main(String[] args) throws Exception {
        String data = args.length > 0 ? args[0] : "data/mnist-10k.csv.gz";
        String out = args.length > 1 ? args[1] : "runs/spark-code-example";
        SparkSession spark = SparkSession.builder().appName("digitnet example")
                .master(System.getProperty("spark.master", "local[*]")).getOrCreate();
        run(spark, data, out);
        spark.stop();
    }

    /** Trains on 90% of {@code data}, evaluates on the rest, saves to {@code out}; returns the test accuracy. */
    public static double run(SparkSession spark, String data, String out) throws Exception {
        // Kaggle's train.csv: label, pixel0..pixel783, integers. Read with an explicit schema.
        String[] pixels = new String[784];
        StructType schema = new StructType().add("label", DataTypes.IntegerType);
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = "pixel" + p;
            schema = schema.add(pixels[p], DataTypes.IntegerType);
        }
        Dataset<Row> digits = spark.read().option("header", true).schema(schema).csv(data);
        Dataset<Row>[] split = digits.randomSplit(new double[] {0.9, 0.1}, 42);
        Dataset<Row> train = split[0];
        Dataset<Row> test = split[1];

        // The 784 pixel columns become one vector column; digitnet's network learns from it.
        VectorAssembler assembler = new VectorAssembler().setInputCols(pixels).setOutputCol("features");
        DigitNetClassifier digitnet = new DigitNetClassifier()
                .setHidden(64)
                .setInit("he")
                .setOptimizer("adam")
                .setStepSize(0.01)
                .setWeightDecay(1e-3)
                .setMaxIter(100)
                .setDevRows(500);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler, digitnet});
        PipelineModel model = pipeline.fit(train);

        MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator()
                .setLabelCol("label").setPredictionCol("prediction").setMetricName("accuracy");
        double accuracy = evaluator.evaluate(model.transform(test));
        System.out.printf("test accuracy %.4f on %d digits%n", accuracy, test.count());

        model.write().overwrite().save(out);
        PipelineModel loaded = PipelineModel.load(out);
        loaded.transform(test).select("label", "prediction", "probability").show(5, false);
        System.out.println("saved to " + out + "; its weights, for NumPy and `predict --model`: "
                + out + "/stages/1_" + digitnet.uid() + "/model.npz");
        return accuracy;
    }
}
