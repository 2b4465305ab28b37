package digitnet.train;

import digitnet.data.Block;
import digitnet.nn.BlockSums;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One iteration's Spark job: broadcast the weights, run the kernel over every cached block,
 * and add the exact sums up ({@link #total}). Static on purpose: the task closure holds
 * the broadcast handle, the layout and the kernel, never the weights themselves or the trainer.
 */
final class GradientJob {
    private GradientJob() {}

    static GradientSum run(JavaSparkContext sc, JavaRDD<Block> blocks, Layout layout,
            Kernel kernel, double[] params, String description) {
        sc.setJobDescription(description);
        Broadcast<double[]> weights = sc.broadcast(params);
        try {
            return total(blocks, it -> sumPartition(it, weights.value(), layout, kernel));
        } finally {
            // Non-blocking: a blocking destroy added about 15 ms to an iteration, an asynchronous
            // one nothing measurable (local[2], idle 2-core AMD EPYC Zen 5, Spark 4.2.0, 2026-12-01).
            weights.destroy();
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

    /** What one task computes: its partition's partial sum, from the partition's blocks. */
    interface PartitionSum extends Serializable {
        GradientSum of(Iterator<Block> blocks);
    }

    /**
     * The sum of the partitions' partial sums. Up to 16 partitions they go straight to the driver,
     * added as each task's result arrives: a job run with {@link SparkContext#runJob} on a task
     * function of our own class ({@link TaskFunction}). {@code mapPartitions} and {@code reduce} do the
     * same merges, but every job they start wraps its functions in Scala closures, and Spark's
     * closure cleaner reads each closure's class file with ASM on the driver before the job can
     * start: in a profile of back-to-back jobs it was the driver's main cost, and a job that only
     * counts two numbers took 15 ms from the call to its first task (local[2], 2-core Intel Xeon,
     * Spark 4.2.0). A function that is no closure is left alone. {@code treeReduce} at depth 1
     * cost about 10 ms more still (19 ms against 9 for a bare job of two partitions; local[2],
     * 2-core AMD EPYC Zen 5, 2026-12-02). Beyond 16 partitions the tree adds levels so that no
     * merge takes more than about 16 inputs.
     */
    static GradientSum total(JavaRDD<Block> blocks, PartitionSum partitionSum) {
        int depth = treeDepth(blocks.getNumPartitions());
        if (depth > 1) {
            return blocks.mapPartitions(it -> List.of(partitionSum.of(it)).iterator())
                    .treeReduce(GradientSum::merge, depth);
        }
        GradientSum[] total = {null};
        blocks.context().runJob(blocks.rdd(), new TaskFunction(partitionSum), new AbstractFunction2<Object, byte[], BoxedUnit>() {
            @Override
            public BoxedUnit apply(Object partition, byte[] sum) {
                // called one result at a time
                total[0] = total[0] == null ? GradientSum.unpack(sum) : total[0].mergePacked(sum);
                return BoxedUnit.UNIT;
            }
        }, ClassTag$.MODULE$.apply(byte[].class));
        return total[0];
    }

    /**
     * A task's function as Spark's job API takes it, a named class (not a lambda) so that no
     * closure cleaning runs. It returns the partition's sum packed ({@link GradientSum#pack}).
     */
    private static final class TaskFunction extends AbstractFunction2<TaskContext, scala.collection.Iterator<Block>, byte[]>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final PartitionSum partitionSum;

        TaskFunction(PartitionSum partitionSum) {
            this.partitionSum = partitionSum;
        }

        @Override
        public byte[] apply(TaskContext context, scala.collection.Iterator<Block> blocks) {
            return partitionSum.of(new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return blocks.hasNext();
                }

                @Override
                public Block next() {
                    return blocks.next();
                }
            }).pack();
        }
    }

    /**
     * Depth 1 (all partial sums straight to the driver) up to 16 partitions; beyond that just
     * enough levels that no merge takes more than about 16 inputs. Each extra level is a shuffle
     * stage (about 30 ms in local mode), worth it only when the driver would be the bottleneck.
     */
    static int treeDepth(int partitions) {
        int depth = 1;
        while (Math.pow(16, depth) < partitions) {
            depth++;
        }
        return depth;
    }
}
