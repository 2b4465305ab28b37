package digitnet.train;

import digitnet.data.Block;
import digitnet.data.TrainingData;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Splits an iteration's time into kernel and Spark overhead: the median time of the real
 * gradient job (broadcast, one task per partition, exact aggregation), against the time the
 * same per-partition work takes with no Spark around it, run on the driver thread. The larger
 * partition's kernel time is the job's critical path; the rest of the job is Spark overhead.
 *
 * <pre>IterationCost CSV HIDDEN REPEATS PARTITIONS MASTER</pre>
 * Prints one {@code key=value} line.
 */
public final class IterationCost {

    public static void main(String[] args) {
        String csv = args[0];
        Layout layout = new Layout(Integer.parseInt(args[1]));
        int repeats = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        SparkSession spark = SparkSession.builder().appName("iteration-cost").master(args[4])
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingData data = TrainingData.load(spark, csv, 1000, 0, partitions);
        Kernel kernel = new SparseKernel();
        double[] w = Init.UNIFORM.draw(layout, 0);

        double[] job = new double[repeats];
        for (int i = -repeats; i < repeats; i++) {     // the first half warms up
            long start = System.nanoTime();
            GradientJob.run(sc, data.blocks(), layout, kernel, w, "iteration-cost " + i);
            if (i >= 0) {
                job[i] = (System.nanoTime() - start) / 1e6;
            }
        }

        List<List<Block>> byPartition = data.blocks().glom().collect();
        double slowestPartition = 0;
        double allPartitions = 0;
        for (List<Block> blocks : byPartition) {
            double[] ms = new double[repeats];
            for (int i = -repeats; i < repeats; i++) {
                long start = System.nanoTime();
                GradientJob.sumPartition(new ArrayList<>(blocks).iterator(), w, layout, kernel);
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            slowestPartition = Math.max(slowestPartition, median(ms));
            allPartitions += median(ms);
        }
        double jobMs = median(job);
        System.out.printf("cost rows=%d hidden=%d partitions=%d job_ms_median=%.2f kernel_ms_critical=%.2f"
                        + " kernel_ms_one_thread=%.2f spark_overhead_ms=%.2f cached_bytes_per_pixel=%.3f%n",
                data.rows(), layout.hidden(), partitions, jobMs, slowestPartition, allPartitions,
                jobMs - slowestPartition, data.cachedBytes() / (data.rows() * (double) Layout.PIXELS));
        spark.stop();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private IterationCost() {}
}
