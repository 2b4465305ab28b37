package digitnet.train;

import digitnet.data.Augmentation;
import digitnet.data.Block;
import digitnet.data.DevSet;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.nn.BlockSums;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Splits an iteration's time into kernel and Spark overhead, both measured inside the same jobs:
 * the gradient job as {@link GradientJob#run} runs it (broadcast, one task per partition, exact
 * sums, sum), with each task also reporting how long its kernel work took. The slowest
 * task's kernel time is the job's critical path; the rest of the job's wall time is Spark's
 * overhead (scheduling, task and result serialization, broadcast, the merge on the driver).
 * Beside each job runs a bare one, the same broadcast and a result of the same size without the
 * kernel: Spark's floor, measured in the same conditions.
 *
 * <pre>IterationCost CSV HIDDEN REPEATS PARTITIONS MASTER [WARM_UP (REPEATS)] [THREADS (1)]</pre>
 * Prints one {@code key=value} line: medians over REPEATS jobs after WARM_UP warm-up jobs of
 * each kind. The first hundred or so jobs of a JVM run slower while the JIT compiles Spark's
 * scheduling code on the tasks' cores, so a warm-up as long as the start of a real run measures
 * the iterations a run's median comes from.
 *
 * <p>THREADS above 1 weighs one task per executor that uses the executor's cores itself (BigDL's
 * answer to Spark's cost a task) against a task per core: each task then shares its blocks out
 * among that many threads of its own, each with its own pass and exact sum, and merges the sums
 * (exact, so the gradient's bits are the same). Run it with one partition per executor.
 */
public final class IterationCost {

    public static void main(String[] args) {
        String csv = args[0];
        Layout layout = new Layout(Integer.parseInt(args[1]));
        int repeats = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : repeats;
        int threads = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        SparkSession spark = SparkSession.builder().appName("iteration-cost").master(args[4])
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        TrainingData data = TrainingData.load(spark, StoredDigits.at(spark, csv), DevSet.seeded(1000, 0), Augmentation.NONE, OptionalInt.of(partitions));
        Kernel kernel = new SparseKernel();
        double[] w = Init.UNIFORM.draw(layout, 0);

        double[] job = new double[repeats];
        double[] bare = new double[repeats];
        double[] kernelCritical = new double[repeats];
        double[] kernelAllTasks = new double[repeats];
        double[] kernelCpuAllTasks = new double[repeats];
        for (int i = -warmUp; i < repeats; i++) {     // the jobs before 0 warm up
            // Spark's floor, interleaved with the real jobs: the same broadcast, one task a
            // partition, a result as large as the real one (the same number of fixed-point sums),
            // the same sum; no kernel.
            Broadcast<double[]> same = sc.broadcast(w);
            long bareStart = System.nanoTime();
            GradientJob.total(data.blocks(), it -> {
                BlockSums zero = new BlockSums(layout);
                zero.gradient[0] = same.value()[0];
                return new GradientSum(layout.size()).add(zero);
            });
            double bareMs = (System.nanoTime() - bareStart) / 1e6;
            same.destroy();

            CollectionAccumulator<Long> taskNanos = sc.sc().collectionAccumulator();
            CollectionAccumulator<Long> taskCpuNanos = sc.sc().collectionAccumulator();
            Broadcast<double[]> weights = sc.broadcast(w);
            long start = System.nanoTime();
            GradientJob.total(data.blocks(), it -> {
                long t = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                GradientSum sum = threads == 1 ? GradientJob.sumPartition(it, weights.value(), layout, kernel)
                        : inThreads(threads, it, weights.value(), layout, kernel);
                taskNanos.add(System.nanoTime() - t);
                taskCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                return sum;
            });
            double ms = (System.nanoTime() - start) / 1e6;
            weights.destroy();
            if (i >= 0) {
                job[i] = ms;
                bare[i] = bareMs;
                kernelCritical[i] = taskNanos.value().stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
                kernelAllTasks[i] = taskNanos.value().stream().mapToLong(Long::longValue).sum() / 1e6;
                kernelCpuAllTasks[i] = taskCpuNanos.value().stream().mapToLong(Long::longValue).sum() / 1e6;
            }
        }
        double[] overhead = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            overhead[i] = job[i] - kernelCritical[i];
        }
        System.out.printf("cost rows=%d hidden=%d partitions=%d threads_a_task=%d warm_up_jobs=%d job_ms_median=%.2f kernel_ms_critical=%.2f"
                        + " kernel_ms_all_tasks=%.2f kernel_cpu_ms_all_tasks=%.2f spark_overhead_ms=%.2f bare_job_ms=%.2f"
                        + " cached_bytes_per_pixel=%.3f%n",
                data.rows(), layout.hidden(), partitions, threads, warmUp, median(job), median(kernelCritical),
                median(kernelAllTasks), median(kernelCpuAllTasks), median(overhead), median(bare),
                data.cachedBytes() / (data.rows() * (double) Layout.PIXELS));
        spark.stop();
    }

    /** The task's own threads, made once a JVM, as an executor that ran such tasks would keep them. */
    private static ExecutorService pool;

    /** The partition's blocks dealt out in turn to {@code threads} passes, their exact sums merged. */
    private static synchronized ExecutorService pool(int threads) {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "task-thread");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    private static GradientSum inThreads(int threads, Iterator<Block> blocks, double[] w,
            Layout layout, Kernel kernel) {
        List<List<Block>> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shares.add(new ArrayList<>());
        }
        for (int b = 0; blocks.hasNext(); b++) {
            shares.get(b % threads).add(blocks.next());
        }
        List<Future<GradientSum>> sums = new ArrayList<>();
        for (List<Block> share : shares.subList(1, threads)) {
            sums.add(pool(threads).submit(() -> GradientJob.sumPartition(share.iterator(), w, layout, kernel)));
        }
        GradientSum total = GradientJob.sumPartition(shares.get(0).iterator(), w, layout, kernel);
        try {
            for (Future<GradientSum> sum : sums) {
                total = total.merge(sum.get());
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return total;
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private IterationCost() {}
}
