package digitnet.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The comparison: Spark MLlib's MultilayerPerceptronClassifier on the same file, loaded as a user
 * would (Spark CSV with a header and inferSchema, VectorAssembler), trained with full-batch
 * gradient descent at the notebook's step size and no early stop. An iteration is one
 * treeAggregate job; their median duration is the time per iteration.
 *
 * <pre>MllibMlp CSV ITERATIONS HIDDEN STEP MASTER</pre>
 * Prints one {@code key=value} line.
 */
public final class MllibMlp {

    public static void main(String[] args) {
        String csv = args[0];
        int iterations = Integer.parseInt(args[1]);
        int hidden = Integer.parseInt(args[2]);
        double step = Double.parseDouble(args[3]);
        SparkSession spark = SparkSession.builder().appName("mllib-mlp").master(args[4])
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");

        long loadStart = System.nanoTime();
        Dataset<Row> raw = spark.read().option("header", "true").option("inferSchema", "true").csv(csv);
        String[] pixels = IntStream.range(0, 784).mapToObj(p -> "pixel" + p).toArray(String[]::new);
        Dataset<Row> data = new VectorAssembler().setInputCols(pixels).setOutputCol("features")
                .transform(raw)
                .select(functions.col("label").cast("double").as("label"), functions.col("features"))
                .cache();
        long rows = data.count();
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        JobTimer timer = new JobTimer();
        spark.sparkContext().addSparkListener(timer);
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {784, hidden, 10})
                .setSolver("gd").setStepSize(step).setTol(0).setMaxIter(iterations).setSeed(0);
        long fitStart = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(data);
        double fitSeconds = (System.nanoTime() - fitStart) / 1e9;
        spark.sparkContext().removeSparkListener(timer);

        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
                .evaluate(model.transform(data));
        System.out.printf("mllib rows=%d load_s=%.2f iter_ms_median=%.1f iterations=%d jobs_timed=%d"
                        + " fit_s=%.2f train_acc=%.4f%n",
                rows, loadSeconds, timer.median(), iterations, timer.count(), fitSeconds, accuracy);
        spark.stop();
    }

    /** Durations of the gradient descent's treeAggregate jobs, one per iteration. */
    static final class JobTimer extends SparkListener {
        private final List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        private final List<Integer> ids = Collections.synchronizedList(new ArrayList<>());
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            boolean descent = scala.jdk.javaapi.CollectionConverters.asJava(job.stageInfos()).stream()
                    .anyMatch(s -> s.name().startsWith("treeAggregate at GradientDescent"));
            if (descent) {
                ids.add(job.jobId());
                starts.add(job.time());
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd job) {
            int i = ids.indexOf(job.jobId());
            if (i >= 0) {
                millis.add((double) (job.time() - starts.get(i)));
            }
        }

        int count() {
            return millis.size();
        }

        double median() {
            double[] m = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return m.length == 0 ? Double.NaN
                    : m.length % 2 == 1 ? m[m.length / 2] : (m[m.length / 2 - 1] + m[m.length / 2]) / 2;
        }
    }

    private MllibMlp() {}

}
