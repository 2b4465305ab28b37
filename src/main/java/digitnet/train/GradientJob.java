package digitnet.train;

import digitnet.data.Block;
import digitnet.data.TrainingData;
import digitnet.nn.BlockSums;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import java.io.Serializable;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.spark.HashPartitioner;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.ShuffledRDD;
import scala.Tuple2;
import scala.collection.AbstractIterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One iteration's Spark job: hand the weights to the tasks (a broadcast; in local mode, by
 * reference), run the kernel over every cached block, and add the exact sums up
 * ({@link #total}). Static on purpose: the task closure holds the weights' handle, the layout and
 * the kernel, never the weights themselves or the trainer.
 */
final class GradientJob {
    private GradientJob() {}

    static GradientSum run(JavaSparkContext sc, TrainingData data, Layout layout,
            Kernel kernel, double[] params, String description) {
        sc.setJobDescription(description);
        try (TaskWeights weights = TaskWeights.of(sc, params)) {
            return total(data, layout, it -> sumPartition(it, weights.value(), layout, kernel));
        }
    }

    static GradientSum sumPartition(Iterator<Block> blocks, double[] params, Layout layout,
            Kernel kernel) {
        Kernel.Pass pass = kernel.begin(params, layout);
        BlockSums sums = new BlockSums(layout);
        GradientSum total = new GradientSum(layout.size());
        while (blocks.hasNext()) {
            sums.clear();
            pass.accumulate(blocks.next(), sums);
            total.add(sums);
        }
        return total;
    }

    /** Block sums added in by {@link #warmUp}: enough that the JIT compiles the exact addition. */
    private static final int WARM_UP_SUMS = 300;
    /** Compiled code serves every layout, so one warm-up a JVM is enough. */
    private static final AtomicBoolean WARM = new AtomicBoolean();

    /**
     * Compiles a task's code before the first job, for a JVM that runs tasks (the driver in local
     * mode): the kernel's passes ({@link Kernel#warmUp}) and the exact sums they are added into,
     * every parameter of every block. Left to the first job, the sums ran interpreted and made it
     * three times as slow as the next (task run time 238-265 ms against 50 ms at hidden 10 on
     * 21,000 rows a task after the kernel's warm-up alone; local[2], 2-core AMD EPYC Zen 5).
     */
    static void warmUp(Layout layout, Kernel kernel) {
        kernel.warmUp(layout);
        if (WARM.getAndSet(true)) {
            return;
        }
        // Zeros (weights of pixels a block never lights), and values of both signs and every
        // fraction, as real gradients have: code compiled for a branch never seen here would be
        // thrown away at its first real block and run interpreted again.
        BlockSums block = new BlockSums(layout);
        SplittableRandom random = new SplittableRandom(0);
        for (int i = 0; i < block.gradient.length; i++) {
            block.gradient[i] = random.nextInt(3) == 0 ? 0 : random.nextDouble(-1, 1);
        }
        block.trainLoss = 1;
        GradientSum total = new GradientSum(layout.size());
        for (int i = 0; i < WARM_UP_SUMS; i++) {
            total.add(block);
        }
        total.merge(new GradientSum(layout.size()).add(block)).gradient(1.0);
    }

    /** What one task computes: the partial sum of the blocks it reads. */
    interface PartitionSum extends Serializable {
        GradientSum of(Iterator<Block> blocks);
    }

    /** How the tasks' partial sums are added up. */
    enum Aggregation {
        /** Each task's partial sum goes to the driver, which adds them up as they arrive. */
        DIRECT,
        /**
         * Each task's partial sum is cut into as many slices as there are tasks; a shuffle brings
         * each slice of every partial sum to one task, which adds them up, and the driver
         * receives the summed slices: one vector's bytes, whatever the number of tasks.
         */
        SLICED;

        /**
         * Direct while the tasks' sums hold at most {@code spark.digitnet.aggregation.maxDirectValues}
         * values in all (tasks times the values of a sum); unless the session sets it, as many as
         * fill a quarter of {@code spark.driver.maxResultSize} (1 GB by default, so 33.5M values)
         * at 8 bytes a packed value, since a job whose results pass that size fails. Below it the
         * driver's merges (about 5 ns a value) cost less than the task an executor the slices
         * add: on a loopback cluster of 16 one-core executors the sliced path's overhead was 602
         * ms an iteration against 262 direct at hidden 128, the driver's CPU 155 against 120 ms
         * (docs/benchmarks.md, Aggregation).
         */
        static Aggregation choose(SparkContext sc, int tasks, int values) {
            long resultLimit = sc.getConf().getSizeAsBytes("spark.driver.maxResultSize", "1g");
            long limit = sc.getConf().getLong(MAX_DIRECT_VALUES_SETTING,
                    resultLimit == 0 ? Long.MAX_VALUE : resultLimit / 4 / Long.BYTES);
            return (long) tasks * values <= limit ? DIRECT : SLICED;
        }
    }

    static final String MAX_DIRECT_VALUES_SETTING = "spark.digitnet.aggregation.maxDirectValues";

    /**
     * The sum of the cached blocks' partial sums. The job's tasks are {@link TaskGroups}: one per
     * core of each executor that caches blocks, each adding up its share of that executor's blocks.
     * Their partial sums then meet on the driver or, for many tasks, slice by slice on the
     * executors ({@link Aggregation}). Either way one Spark job, started with
     * {@link SparkContext#runJob} on a task function of our own class: {@code mapPartitions} and
     * {@code reduce} do the same merges, but every job they start wraps its functions in Scala
     * closures, and Spark's closure cleaner reads each closure's class file with ASM on the driver
     * before the job can start: in a profile of back-to-back jobs it was the driver's main cost,
     * and a job that only counts two numbers took 15 ms from the call to its first task (local[2],
     * 2-core Intel Xeon, Spark 4.2.0). A function that is no closure is left alone.
     */
    static GradientSum total(TrainingData data, Layout layout, PartitionSum partitionSum) {
        RDD<Block> tasks = TaskGroups.of(data);
        return total(tasks, partitionSum, Aggregation.choose(tasks.context(), tasks.getNumPartitions(), layout.size() + 2));
    }

    static GradientSum total(RDD<Block> tasks, PartitionSum partitionSum, Aggregation aggregation) {
        GradientSum[] total = {null};
        if (aggregation == Aggregation.DIRECT) {
            runJob(tasks, new TaskFunction<>(blocks -> partitionSum.of(blocks).pack()), sum ->
                    total[0] = total[0] == null ? GradientSum.unpack(sum) : total[0].mergePacked(sum));
        } else {
            int slices = tasks.getNumPartitions();
            RDD<Tuple2<Integer, byte[]>> partialSlices = new PartialSlices(tasks, partitionSum, slices);
            RDD<Tuple2<Integer, byte[]>> bySlice = new ShuffledRDD<Integer, byte[], byte[]>(partialSlices,
                    new HashPartitioner(slices), INTEGER, BYTES, BYTES);
            runJob(bySlice, new TaskFunction<>(GradientJob::sliceSum), slice ->
                    total[0] = (total[0] == null ? GradientSum.emptyFor(slice) : total[0]).mergePacked(slice));
        }
        return total[0];
    }

    /** Runs one job over every partition of {@code rdd}, handing each task's result to {@code add} as it arrives. */
    private static <T> void runJob(RDD<T> rdd, TaskFunction<T> task, Consumer<byte[]> add) {
        rdd.context().runJob(rdd, task, new AbstractFunction2<Object, byte[], BoxedUnit>() {
            @Override
            public BoxedUnit apply(Object partition, byte[] result) {
                add.accept(result);     // called one result at a time
                return BoxedUnit.UNIT;
            }
        }, BYTES);
    }

    /** One slice of every task's partial sum, added up: the reduce side of {@link Aggregation#SLICED}. */
    private static byte[] sliceSum(Iterator<Tuple2<Integer, byte[]>> slices) {
        GradientSum sum = GradientSum.unpack(slices.next()._2());
        while (slices.hasNext()) {
            sum.mergePacked(slices.next()._2());
        }
        return sum.pack();
    }

    private static final ClassTag<byte[]> BYTES = ClassTag$.MODULE$.apply(byte[].class);
    private static final ClassTag<Integer> INTEGER = ClassTag$.MODULE$.apply(Integer.class);

    /** A function of a task's records to its result bytes. */
    private interface TaskBody<T> extends Serializable {
        byte[] apply(Iterator<T> records);
    }

    /**
     * A task's function as Spark's job API takes it, a named class (not a lambda) so that no
     * closure cleaning runs.
     */
    private static final class TaskFunction<T> extends AbstractFunction2<TaskContext, scala.collection.Iterator<T>, byte[]>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final TaskBody<T> body;

        TaskFunction(TaskBody<T> body) {
            this.body = body;
        }

        @Override
        public byte[] apply(TaskContext context, scala.collection.Iterator<T> records) {
            return body.apply(asJava(records));
        }
    }

    /**
     * Each task's partial sum cut into slices, keyed by slice: the map side of
     * {@link Aggregation#SLICED}, an RDD of its own for the same reason as {@link TaskFunction}.
     */
    private static final class PartialSlices extends RDD<Tuple2<Integer, byte[]>> {
        private static final long serialVersionUID = 1L;
        private final RDD<Block> tasks;
        private final PartitionSum partitionSum;
        private final int slices;

        PartialSlices(RDD<Block> tasks, PartitionSum partitionSum, int slices) {
            super(tasks, ClassTag$.MODULE$.apply(Tuple2.class));
            this.tasks = tasks;
            this.partitionSum = partitionSum;
            this.slices = slices;
        }

        @Override
        public scala.collection.Iterator<Tuple2<Integer, byte[]>> compute(Partition split, TaskContext context) {
            byte[][] packed = partitionSum.of(asJava(tasks.iterator(split, context))).packSlices(slices);
            return new AbstractIterator<>() {
                private int slice;

                @Override
                public boolean hasNext() {
                    return slice < packed.length;
                }

                @Override
                public Tuple2<Integer, byte[]> next() {
                    Tuple2<Integer, byte[]> keyed = new Tuple2<>(slice, packed[slice]);
                    slice++;
                    return keyed;
                }
            };
        }

        @Override
        public Partition[] getPartitions() {
            return tasks.partitions();
        }
    }

    private static <T> Iterator<T> asJava(scala.collection.Iterator<T> records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public T next() {
                return records.next();
            }
        };
    }
}
