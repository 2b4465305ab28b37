package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import digitnet.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deformed copies made as the blocks are packed: K after each training row, none of dev rows,
 * and the same blocks whatever the partitions, the line order or a recomputation.
 */
class AugmentationTest {
    private static final int ROWS = 1500;
    private static final int DEV = 120;
    private static final DevSet SPLIT = DevSet.seeded(DEV, 4);
    private static final Augmentation THREE = Augmentation.of(3, false, 4);

    @TempDir
    static Path tmp;

    static Path csv;

    @BeforeAll
    static void sample() {
        csv = TestData.sample(tmp.resolve("digits.csv"), ROWS, 6);
    }

    private static SparkSession spark() {
        return SharedSpark.session();
    }

    /** Every block's content, in one canonical order: equal lists mean equal blocks. */
    private static List<String> blocks(Path file, Augmentation augmentation, int partitions) {
        try (TrainingData data = TrainingData.load(spark(), StoredDigits.at(spark(), file.toString()), SPLIT,
                augmentation, OptionalInt.of(partitions))) {
            return canonical(data.blocks().collect());
        }
    }

    private static List<String> canonical(List<Block> blocks) {
        List<String> out = new ArrayList<>();
        for (Block b : blocks) {
            out.add(b.trainRows + "/" + b.devRows + " " + Arrays.toString(b.labels) + Arrays.toString(b.rowStart)
                    + Arrays.toString(b.pixelIndex) + Arrays.toString(b.pixelValue));
        }
        Collections.sort(out);
        return out;
    }

    /** A row as label and pixels, comparable across blocks and with the lines read. */
    private static String digit(Block block, int row) {
        return block.labels[row] + Arrays.toString(block.densePixels(row));
    }

    private static Set<String> digitsOf(Path file) {
        Set<String> digits = new HashSet<>();
        for (String line : TestData.lines(file).subList(1, ROWS + 1)) {
            digits.add(TestData.fields(line)[0] + Arrays.toString(TestData.pixels(line)));
        }
        return digits;
    }

    @Test
    void eachTrainingRowIsFollowedByItsCopiesAndDevRowsAreNeverCopied() {
        Set<String> read = digitsOf(csv);
        try (TrainingData plain = TrainingData.load(spark(), StoredDigits.at(spark(), csv.toString()), SPLIT,
                Augmentation.NONE, OptionalInt.of(2));
                TrainingData augmented = TrainingData.load(spark(), StoredDigits.at(spark(), csv.toString()), SPLIT,
                        THREE, OptionalInt.of(2))) {
            assertEquals(ROWS - DEV, plain.trainRows());
            assertEquals(4L * (ROWS - DEV), augmented.trainRows());
            assertEquals(DEV, augmented.devRows());
            assertEquals(ROWS, augmented.inputRows());
            assertEquals(plain.checksum(), augmented.checksum(), "the checksum is of the rows read");
            assertEquals(4.0 * (ROWS - DEV), augmented.trainWeight());
            // About ROWS_PER_BLOCK rows a block, copies included, as without them.
            long packed = DEV + 4L * (ROWS - DEV);
            assertEquals((packed + TrainingData.ROWS_PER_BLOCK - 1) / TrainingData.ROWS_PER_BLOCK, augmented.blockCount());

            Set<String> originals = new HashSet<>();
            Set<String> devRows = new HashSet<>();
            for (Block b : augmented.blocks().collect()) {
                assertEquals(0, b.trainRows % 4, "whole groups of a row and its copies");
                for (int r = 0; r < b.trainRows; r += 4) {
                    String original = digit(b, r);
                    assertTrue(read.contains(original), "a group starts with a row as read");
                    originals.add(original);
                    for (int c = 1; c <= 3; c++) {
                        assertEquals(b.labels[r], b.labels[r + c], "a copy keeps its row's label");
                        String copy = digit(b, r + c);
                        assertFalse(read.contains(copy), "copy " + c + " is deformed");
                    }
                }
                for (int r = b.trainRows; r < b.rows(); r++) {
                    devRows.add(digit(b, r));
                }
            }
            Set<String> plainDev = new HashSet<>();
            Set<String> plainTrain = new HashSet<>();
            for (Block b : plain.blocks().collect()) {
                for (int r = 0; r < b.rows(); r++) {
                    (r < b.trainRows ? plainTrain : plainDev).add(digit(b, r));
                }
            }
            assertEquals(plainDev, devRows, "the same dev rows, as they were read");
            assertEquals(plainTrain, originals, "every training row, once, before its copies");
        }
    }

    @Test
    void theBlocksAreTheSameForAnyPartitionsLineOrderOrRecomputation() {
        List<String> expected = blocks(csv, THREE, 1);
        assertEquals(expected, blocks(csv, THREE, 7), "7 partitions");

        List<String> lines = TestData.lines(csv);
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(body, new Random(2));
        body.add(0, lines.get(0));
        assertEquals(expected, blocks(TestData.write(tmp.resolve("shuffled.csv"), body), THREE, 3), "shuffled lines");

        // A lost cached partition is packed again from the shuffle's output, copies and all: the same bytes.
        try (TrainingData data = TrainingData.load(spark(), StoredDigits.at(spark(), csv.toString()), SPLIT, THREE,
                OptionalInt.of(2))) {
            data.blocks().unpersist(true);
            assertEquals(expected, canonical(data.blocks().collect()), "recomputed");
        }
    }

    @Test
    void theSeedAndTheElasticDistortionDrawOtherCopies() {
        List<String> affine = blocks(csv, THREE, 2);
        assertNotEquals(affine, blocks(csv, Augmentation.of(3, false, 5), 2), "another seed");
        assertNotEquals(affine, blocks(csv, Augmentation.of(3, true, 4), 2), "elastic");
    }

    @Test
    void copiesOutOfRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Augmentation.of(-1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.of(Augmentation.MAX_COPIES + 1, false, 0));
    }
}
