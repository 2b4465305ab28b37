package digitnet.ml;

import digitnet.data.BenchInput;
import digitnet.train.IterationMetrics;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code fit} at scale: the Spark ML estimator on a DataFrame of {@code label} and
 * {@code features}, read with Spark's own readers (a Parquet folder, or Spark's LIBSVM source),
 * as a Spark user would give it. Prints the fit's wall time (reading, loading and training),
 * the median iteration and the dev accuracy, and writes the model as model.npz to
 * {@code OUT_NPZ} when given, to compare with {@code train}'s for the same settings:
 * {@code fit_seconds=… iterations=… median_iteration_ms=… dev_accuracy=…}.
 *
 * <pre>FitScale PATH parquet|libsvm [ITERATIONS (10)] [HIDDEN (10)] [DEV_ROWS (10000)] [MASTER (local[2])] [OUT_NPZ]</pre>
 */
public final class FitScale {
    public static void main(String[] args) {
        String path = args[0];
        String format = args[1];
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int hidden = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int devRows = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        String master = args.length > 5 ? args[5] : "local[2]";
        SparkSession spark = BenchInput.spark("FitScale", master);
        try {
            Dataset<Row> digits = format.equals("libsvm")
                    ? spark.read().format("libsvm").option("numFeatures", "784").load(path)
                    : spark.read().parquet(path);
            long start = System.nanoTime();
            DigitNetClassificationModel model = new DigitNetClassifier().setHidden(hidden).setMaxIter(iterations)
                    .setDevRows(devRows).fit(digits);
            double seconds = (System.nanoTime() - start) / 1e9;
            DigitNetTrainingSummary summary = model.summary().orElseThrow();
            long[] millis = summary.history().stream().mapToLong(IterationMetrics::millis).sorted().toArray();
            double[] dev = summary.devAccuracy();
            System.out.printf(Locale.ROOT, "fit_seconds=%.1f iterations=%d median_iteration_ms=%d dev_accuracy=%.4f%n",
                    seconds, summary.iterations(), millis.length == 0 ? 0 : millis[millis.length / 2],
                    dev.length == 0 ? Double.NaN : dev[dev.length - 1]);
            if (args.length > 6) {
                model.exportNpz(args[6]);
            }
        } finally {
            spark.stop();
        }
    }
}
