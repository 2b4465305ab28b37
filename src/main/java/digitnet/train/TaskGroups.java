package digitnet.train;

import digitnet.data.Block;
import digitnet.data.TrainingData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.NarrowDependency;
import org.apache.spark.Partition;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import scala.collection.AbstractIterator;
import scala.collection.Iterator;
import scala.reflect.ClassTag$;

/**
 * The tasks of a gradient job: one per core of each executor that holds cached blocks, each over
 * a share of that executor's own cached partitions, about as many blocks in each share. The
 * partial sums of one executor's partitions are then added up inside the task that reads them,
 * so what reaches the driver grows with the executors' cores, not with the partitions: a file
 * read into 64 or 256 partitions costs a job of two tasks in {@code local[2]}, as 2 partitions
 * do, and a partition that holds no block (more partitions than blocks) costs no task at all.
 *
 * <p>The cached partitions stay as they are (the partition count still sets how the input is
 * read and packed); each job only groups them, as Spark's {@code coalesce} does, but balancing
 * blocks rather than partitions. (Spark's {@code coalesce} takes a grouping of one's own, but
 * Spark 3.5 checks it against Scala 2.12's {@code scala.Serializable}, which Java code for both
 * lines cannot name.) The grouping is made again for every job from where the blocks are cached
 * then, so a lost executor's blocks, cached again elsewhere, are grouped where they now are. Which
 * task adds which block never changes a bit of the sum ({@link GradientSum} is exact).
 *
 * <p>An executor's core count comes from {@code spark.executor.cores} when set; otherwise the
 * cluster's cores ({@code defaultParallelism}) are taken as shared equally among its executors,
 * and {@code local[N]} has one executor of N cores.
 */
final class TaskGroups extends RDD<Block> {
    private static final long serialVersionUID = 1L;

    private final RDD<Block> cached;
    private final Group[] groups;

    private TaskGroups(RDD<Block> cached, Group[] groups) {
        super(cached.context(), dependencyOn(cached, groups), ClassTag$.MODULE$.apply(Block.class));
        this.cached = cached;
        this.groups = groups;
    }

    /**
     * The cached blocks of {@code data} as the partitions of this job's tasks: the cached RDD
     * itself when each of its partitions would be a group of its own (as many partitions as cores,
     * each holding blocks), else the partitions grouped.
     */
    static RDD<Block> of(TrainingData data) {
        RDD<Block> cached = data.blocks().rdd();
        Group[] groups = group(cached, data.blocksPerPartition(), tasksPerExecutor(cached.context()));
        return groups.length == cached.getNumPartitions() ? cached : new TaskGroups(cached, groups);
    }

    static int tasksPerExecutor(SparkContext sc) {
        if (sc.getConf().contains("spark.executor.cores")) {
            return Math.max(1, sc.getConf().getInt("spark.executor.cores", 1));
        }
        int executors = sc.isLocal() ? 1 : Math.max(1, sc.getExecutorMemoryStatus().size() - 1);
        return Math.max(1, sc.defaultParallelism() / executors);
    }

    /** One task's share: cached partitions, all on one executor (or on none). */
    record Group(int index, String executor, List<Integer> partitions) implements Partition {
        private static final long serialVersionUID = 1L;
    }

    /**
     * Groups the partitions that hold blocks by the executor that caches them (a partition cached
     * nowhere goes with the others cached nowhere, run where Spark finds room), then deals each
     * executor's partitions out to at most {@code tasksPerExecutor} groups, the partition with
     * the most blocks first, each to the group with the fewest blocks so far.
     */
    static Group[] group(RDD<Block> cached, int[] blocksIn, int tasksPerExecutor) {
        Map<String, List<Integer>> byExecutor = new TreeMap<>();
        for (int p = 0; p < blocksIn.length; p++) {
            if (blocksIn[p] > 0) {
                var cachedAt = cached.context().getPreferredLocs(cached, p);
                byExecutor.computeIfAbsent(cachedAt.isEmpty() ? "" : cachedAt.head().toString(), at -> new ArrayList<>())
                        .add(p);
            }
        }
        List<Group> groups = new ArrayList<>();
        byExecutor.forEach((executor, partitions) -> {
            int shares = Math.min(tasksPerExecutor, partitions.size());
            List<List<Integer>> share = new ArrayList<>();
            long[] blocks = new long[shares];
            for (int s = 0; s < shares; s++) {
                share.add(new ArrayList<>());
            }
            partitions.sort(Comparator.comparingInt((Integer p) -> -blocksIn[p]).thenComparingInt(p -> p));
            for (int p : partitions) {
                int least = 0;
                for (int s = 1; s < shares; s++) {
                    least = blocks[s] < blocks[least] ? s : least;
                }
                share.get(least).add(p);
                blocks[least] += blocksIn[p];
            }
            for (List<Integer> s : share) {
                groups.add(new Group(groups.size(), executor, List.copyOf(s)));
            }
        });
        return groups.toArray(Group[]::new);
    }

    @Override
    public Partition[] getPartitions() {
        return groups.clone();
    }

    @Override
    public scala.collection.immutable.List<String> getPreferredLocations(Partition task) {
        String executor = ((Group) task).executor();
        return executor.isEmpty() ? scalaList(List.of()) : scalaList(List.of(executor));
    }

    /** The blocks of the group's cached partitions, one partition after another. */
    @Override
    public Iterator<Block> compute(Partition task, TaskContext context) {
        List<Integer> partitions = ((Group) task).partitions();
        Partition[] parents = cached.partitions();
        return new AbstractIterator<>() {
            private int next;
            private Iterator<Block> blocks = scalaList(List.<Block>of()).iterator();

            @Override
            public boolean hasNext() {
                while (!blocks.hasNext() && next < partitions.size()) {
                    blocks = cached.iterator(parents[partitions.get(next++)], context);
                }
                return blocks.hasNext();
            }

            @Override
            public Block next() {
                hasNext();
                return blocks.next();
            }
        };
    }

    /** Each task reads the cached partitions of its group, and no others. */
    private static scala.collection.immutable.List<org.apache.spark.Dependency<?>> dependencyOn(RDD<Block> cached,
            Group[] groups) {
        return scalaList(List.of(new NarrowDependency<>(cached) {
            private static final long serialVersionUID = 1L;

            @Override
            public scala.collection.immutable.List<Object> getParents(int task) {
                return scalaList(new ArrayList<>(groups[task].partitions()));
            }
        }));
    }

    /**
     * A Scala list of {@code items}: a type both Scala lines take where Spark asks for a
     * {@code Seq} (Scala 2.12's {@code scala.collection.Seq}, 2.13's immutable one).
     */
    @SuppressWarnings("unchecked")
    private static <T> scala.collection.immutable.List<T> scalaList(List<? extends T> items) {
        scala.collection.immutable.List<T> list = (scala.collection.immutable.List<T>) scala.collection.immutable.Nil$.MODULE$;
        for (int i = items.size() - 1; i >= 0; i--) {
            list = list.$colon$colon(items.get(i));
        }
        return list;
    }
}
