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
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
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
 * <pre>IterationCost CSV HIDDEN REPEATS PARTITIONS MASTER [WARM_UP (REPEATS)] [THREADS (1)] [AGGREGATION (auto)]</pre>
 * Prints one {@code key=value} line: medians over REPEATS jobs after WARM_UP warm-up jobs of
 * each kind, with the tasks of a gradient job and the bytes that reached the driver in one (the
 * tasks' results as Spark's task metrics count them, map statuses included), beside the packed
 * size of one model-sized sum, and the driver JVM's CPU time a job (all its threads: in local
 * mode the tasks' too; on a cluster, the part of a job that more executors do not spread). AGGREGATION {@code direct} or {@code sliced} forces how the
 * partial sums meet ({@link GradientJob.Aggregation}); by default, as training chooses. The first hundred or so jobs of a JVM run slower while the JIT compiles Spark's
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
        ResultBytes resultBytes = new ResultBytes();
        spark.sparkContext().addSparkListener(resultBytes);
        Kernel kernel = new SparseKernel();
        double[] w = Init.UNIFORM.draw(layout, 0);

        double[] job = new double[repeats];
        double[] bare = new double[repeats];
        double[] kernelCritical = new double[repeats];
        double[] kernelAllTasks = new double[repeats];
        double[] kernelCpuAllTasks = new double[repeats];
        double[] driverCpu = new double[repeats];
        int taskCount = 0;
        GradientJob.Aggregation path = null;
        for (int i = -warmUp; i < repeats; i++) {     // the jobs before 0 warm up
            // Spark's floor, interleaved with the real jobs: the same broadcast, one task a
            // partition, a result as large as the real one (the same number of fixed-point sums),
            // the same sum; no kernel.
            Broadcast<double[]> same = sc.broadcast(w);
            RDD<Block> tasks = TaskGroups.of(data);
            GradientJob.Aggregation aggregation = args.length > 7
                    ? GradientJob.Aggregation.valueOf(args[7].toUpperCase(Locale.ROOT))
                    : GradientJob.Aggregation.choose(tasks.context(), tasks.getNumPartitions(), layout.size() + 2);
            long bareStart = System.nanoTime();
            GradientJob.total(tasks, it -> {
                BlockSums zero = new BlockSums(layout);
                zero.gradient[0] = same.value()[0];
                return new GradientSum(layout.size()).add(zero);
            }, aggregation);
            double bareMs = (System.nanoTime() - bareStart) / 1e6;
            same.destroy();

            CollectionAccumulator<Long> taskNanos = sc.sc().collectionAccumulator();
            CollectionAccumulator<Long> taskCpuNanos = sc.sc().collectionAccumulator();
            Broadcast<double[]> weights = sc.broadcast(w);
            sc.setJobGroup("measured-" + i, "a measured gradient job", false);
            long start = System.nanoTime();
            long driverCpuStart = PROCESS.getProcessCpuTime();
            GradientJob.total(tasks, it -> {
                long t = System.nanoTime();
                long cpu = THREADS.getCurrentThreadCpuTime();
                GradientSum sum = threads == 1 ? GradientJob.sumPartition(it, weights.value(), layout, kernel)
                        : inThreads(threads, it, weights.value(), layout, kernel);
                taskNanos.add(System.nanoTime() - t);
                taskCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                return sum;
            }, aggregation);
            sc.clearJobGroup();
            taskCount = tasks.getNumPartitions();
            path = aggregation;   // the same for every job: the grouping and the choice depend on the data only
            double ms = (System.nanoTime() - start) / 1e6;
            double driverCpuMs = (PROCESS.getProcessCpuTime() - driverCpuStart) / 1e6;
            weights.destroy();
            if (i >= 0) {
                job[i] = ms;
                driverCpu[i] = driverCpuMs;
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
        double[] driverBytes = resultBytes.perMeasuredJob(spark, repeats);
        // One model-sized sum packed as a task packs it: every parameter non-zero, one-byte integer parts.
        BlockSums ones = new BlockSums(layout);
        Arrays.fill(ones.gradient, 0.5);
        int packedSum = new GradientSum(layout.size()).add(ones).pack().length;
        System.out.printf("cost rows=%d hidden=%d partitions=%d tasks=%d aggregation=%s threads_a_task=%d warm_up_jobs=%d"
                        + " job_ms_median=%.2f kernel_ms_critical=%.2f"
                        + " kernel_ms_all_tasks=%.2f kernel_cpu_ms_all_tasks=%.2f spark_overhead_ms=%.2f bare_job_ms=%.2f"
                        + " driver_cpu_ms=%.2f driver_bytes=%.0f packed_sum_bytes=%d driver_bytes_per_packed_sum=%.2f cached_bytes_per_pixel=%.3f%n",
                data.rows(), layout.hidden(), partitions, taskCount, path.name().toLowerCase(Locale.ROOT), threads, warmUp,
                median(job), median(kernelCritical),
                median(kernelAllTasks), median(kernelCpuAllTasks), median(overhead), median(bare),
                median(driverCpu), median(driverBytes), packedSum, median(driverBytes) / packedSum,
                data.cachedBytes() / (data.rows() * (double) Layout.PIXELS));
        spark.stop();
    }

    /**
     * The bytes of task results that reached the driver, by measured job (its job group): for
     * each task Spark counts its serialized result, a partial sum or slice on the last stage, a
     * map status on a shuffle stage.
     */
    private static final class ResultBytes extends SparkListener {
        private final Map<Integer, String> groupOfStage = new ConcurrentHashMap<>();
        private final Map<String, Long> bytesOfGroup = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            String group = job.properties() == null ? null : job.properties().getProperty("spark.jobGroup.id");
            if (group != null) {
                for (var stages = job.stageIds().iterator(); stages.hasNext(); ) {
                    groupOfStage.put((Integer) stages.next(), group);
                }
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            String group = groupOfStage.get(task.stageId());
            if (group != null && task.taskMetrics() != null) {
                bytesOfGroup.merge(group, task.taskMetrics().resultSize(), Long::sum);
            }
        }

        double[] perMeasuredJob(SparkSession spark, int repeats) {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
            double[] bytes = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                bytes[i] = bytesOfGroup.getOrDefault("measured-" + i, 0L);
            }
            return bytes;
        }
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
    /** The driver JVM's CPU time, all threads: on a cluster, the part of a job that does not spread over executors. */
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private IterationCost() {}
}
