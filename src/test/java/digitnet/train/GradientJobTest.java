package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.data.Augmentation;
import digitnet.data.Block;
import digitnet.data.DevSet;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.spark.rdd.RDD;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a gradient job's tasks cover the cached blocks ({@link TaskGroups}) and how their partial
 * sums meet ({@link GradientJob.Aggregation}): every way gives the bits of one task a partition.
 * 5,000 rows make five blocks; eight partitions leave three of them empty.
 */
class GradientJobTest {
    @TempDir
    static Path tmp;

    static TrainingData data;
    static final Layout LAYOUT = new Layout(5);
    static final double[] W = Init.UNIFORM.draw(LAYOUT, 3);
    static final GradientJob.PartitionSum SUM = blocks -> GradientJob.sumPartition(blocks, W, LAYOUT, new SparseKernel());

    @BeforeAll
    static void load() {
        Path file = TestData.sample(tmp.resolve("d.csv"), 5000, 4);
        data = TrainingData.load(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), file.toString()),
                DevSet.seeded(400, 1), Augmentation.NONE, OptionalInt.of(8));
    }

    @AfterAll
    static void release() {
        data.blocks().unpersist(false);
    }

    @Test
    void eachCoreOfTheExecutorGetsOneTaskOverAboutAsManyBlocks() {
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 0, 0}, data.blocksPerPartition());
        RDD<Block> tasks = TaskGroups.of(data);
        assertEquals(2, tasks.getNumPartitions(), "local[2]: one task a core");
        List<Integer> blocksPerTask = new ArrayList<>(tasks.toJavaRDD().mapPartitions(blocks -> {
            int count = 0;
            for (; blocks.hasNext(); blocks.next()) {
                count++;
            }
            return List.of(count).iterator();
        }).collect());
        blocksPerTask.sort(null);
        assertEquals(List.of(2, 3), blocksPerTask, "blocks a task");
    }

    @Test
    void theDriverAddsUpTheSumsItselfUpToTheLimitOfValues() {
        var sc = data.blocks().context();
        // A quarter of spark.driver.maxResultSize (1 GB) at 8 bytes a value: 33,554,432 values.
        assertEquals(GradientJob.Aggregation.DIRECT, GradientJob.Aggregation.choose(sc, 2, 101_772));
        assertEquals(GradientJob.Aggregation.DIRECT, GradientJob.Aggregation.choose(sc, 329, 101_772));
        assertEquals(GradientJob.Aggregation.SLICED, GradientJob.Aggregation.choose(sc, 330, 101_772));
        assertEquals(GradientJob.Aggregation.DIRECT, GradientJob.Aggregation.choose(sc, 52, 636_012));
        assertEquals(GradientJob.Aggregation.SLICED, GradientJob.Aggregation.choose(sc, 53, 636_012));
    }

    @Test
    void partitionsThatAreAlreadyOneACoreAreTheTasksThemselves() {
        Path file = TestData.sample(tmp.resolve("two.csv"), 2000, 5);
        TrainingData two = TrainingData.load(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), file.toString()),
                DevSet.none(), Augmentation.NONE, OptionalInt.of(2));
        try {
            assertSame(two.blocks().rdd(), TaskGroups.of(two));
        } finally {
            two.blocks().unpersist(false);
        }
    }

    @Test
    void aSingleTaskWhenOneCoreIsAsked() {
        assertEquals(1, TaskGroups.group(data.blocks().rdd(), data.blocksPerPartition(), 1).length);
    }

    @Test
    void groupedTasksGiveTheBitsOfOneTaskAPartition() {
        GradientSum perPartition = GradientJob.total(data.blocks().rdd(), SUM, GradientJob.Aggregation.DIRECT);
        assertSameBits(perPartition, GradientJob.total(data, LAYOUT, SUM));
    }

    @Test
    void slicedSumsGiveTheBitsOfDirectOnes() {
        RDD<Block> onePerPartition = data.blocks().rdd();
        GradientSum direct = GradientJob.total(onePerPartition, SUM, GradientJob.Aggregation.DIRECT);
        assertSameBits(direct, GradientJob.total(onePerPartition, SUM, GradientJob.Aggregation.SLICED));
        assertSameBits(direct, GradientJob.total(TaskGroups.of(data), SUM, GradientJob.Aggregation.SLICED));
    }

    /** The same gradient, losses and counts, bit for bit. */
    private static void assertSameBits(GradientSum expected, GradientSum actual) {
        assertArrayEquals(expected.pack(), actual.pack());
    }
}
