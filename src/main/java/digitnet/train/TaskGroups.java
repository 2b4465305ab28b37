package digitnet.train;

import digitnet.data.Block;
import digitnet.data.TrainingData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import scala.Option;

/**
 * The tasks of a gradient job: one per core of each executor that holds cached blocks, each over
 * a share of that executor's own cached partitions, about as many blocks in each share. The
 * partial sums of one executor's partitions are then added up inside the task that reads them,
 * so what reaches the driver grows with the executors' cores, not with the partitions: a file
 * read into 64 or 256 partitions costs a job of two tasks in {@code local[2]}, as 2 partitions
 * do, and a partition that holds no block (more partitions than blocks) costs no task at all.
 *
 * <p>The cached partitions stay as they are (the partition count still sets how the input is
 * read and packed); each job only groups them, with Spark's {@code coalesce} and this grouping in
 * place of its default one, which balances partitions rather than blocks. The grouping is made
 * again for every job from where the blocks are cached then, so a lost executor's blocks, cached
 * again elsewhere, are grouped where they now are. Which task adds which block never changes a
 * bit of the sum ({@link GradientSum} is exact).
 *
 * <p>An executor's core count comes from {@code spark.executor.cores} when set; otherwise the
 * cluster's cores ({@code defaultParallelism}) are taken as shared equally among its executors,
 * and {@code local[N]} has one executor of N cores.
 */
final class TaskGroups implements PartitionCoalescer, Serializable {
    private static final long serialVersionUID = 1L;

    /** Blocks in each cached partition, by partition index. */
    private final int[] blocksIn;
    private final int tasksPerExecutor;

    TaskGroups(int[] blocksIn, int tasksPerExecutor) {
        this.blocksIn = blocksIn;
        this.tasksPerExecutor = tasksPerExecutor;
    }

    /**
     * The cached blocks of {@code data} as the partitions of this job's tasks: the cached RDD
     * itself when each of its partitions would be a group of its own (as many partitions as cores,
     * each holding blocks), else the partitions grouped.
     */
    static RDD<Block> of(TrainingData data) {
        RDD<Block> cached = data.blocks().rdd();
        TaskGroups groups = new TaskGroups(data.blocksPerPartition(), tasksPerExecutor(cached.context()));
        if (groups.coalesce(cached.getNumPartitions(), cached).length == cached.getNumPartitions()) {
            return cached;
        }
        // The count asked of coalesce only bounds the groups; these groups come out fewer.
        return cached.coalesce(cached.getNumPartitions(), false, Option.<PartitionCoalescer>apply(groups), null);
    }

    static int tasksPerExecutor(SparkContext sc) {
        if (sc.getConf().contains("spark.executor.cores")) {
            return Math.max(1, sc.getConf().getInt("spark.executor.cores", 1));
        }
        int executors = sc.isLocal() ? 1 : Math.max(1, sc.getExecutorMemoryStatus().size() - 1);
        return Math.max(1, sc.defaultParallelism() / executors);
    }

    /**
     * Groups the partitions that hold blocks by the executor that caches them (a partition cached
     * nowhere goes with the others cached nowhere, run where Spark finds room), then deals each
     * executor's partitions out to at most {@code tasksPerExecutor} groups, the partition with
     * the most blocks first, each to the group with the fewest blocks so far.
     */
    @Override
    public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
        Map<String, List<Integer>> byExecutor = new TreeMap<>();
        for (int p = 0; p < blocksIn.length; p++) {
            if (blocksIn[p] > 0) {
                var cachedAt = parent.context().getPreferredLocs(parent, p);
                byExecutor.computeIfAbsent(cachedAt.isEmpty() ? "" : cachedAt.head().toString(), at -> new ArrayList<>())
                        .add(p);
            }
        }
        List<PartitionGroup> groups = new ArrayList<>();
        byExecutor.forEach((executor, partitions) -> {
            PartitionGroup[] shares = IntStream.range(0, Math.min(tasksPerExecutor, partitions.size()))
                    .mapToObj(i -> new PartitionGroup(executor.isEmpty() ? Option.<String>empty() : Option.apply(executor)))
                    .toArray(PartitionGroup[]::new);
            long[] blocks = new long[shares.length];
            partitions.sort(Comparator.comparingInt((Integer p) -> -blocksIn[p]).thenComparingInt(p -> p));
            for (int p : partitions) {
                int least = 0;
                for (int s = 1; s < shares.length; s++) {
                    least = blocks[s] < blocks[least] ? s : least;
                }
                shares[least].partitions().$plus$eq(parent.partitions()[p]);
                blocks[least] += blocksIn[p];
            }
            groups.addAll(List.of(shares));
        });
        return groups.toArray(PartitionGroup[]::new);
    }
}
