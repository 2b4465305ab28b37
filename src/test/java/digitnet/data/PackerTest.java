package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The packer streams: it holds one block's rows at a time, whatever the partition's size, and
 * packs each block's rows in content order with the dev rows after the training rows.
 */
class PackerTest {
    private static final int BLOCKS = 5;

    @Test
    void packsEachBlockAsSoonAsItsLastRowHasGonePast() {
        List<KeyedRow> sorted = sortedRows(600);
        CountingIterator source = new CountingIterator(sorted);
        TrainingData.BlockOrder order = new TrainingData.BlockOrder(BLOCKS, 1);
        Iterator<Block> blocks = new TrainingData.Packer(DevSet.none(), new DevSplit(0), Augmentation.NONE).pack(source, order);

        int packedRows = 0;
        while (blocks.hasNext()) {
            Block block = blocks.next();
            packedRows += block.rows();
            // The packer has read this block's rows and, to see that the block ended, the next one's first.
            assertEquals(Math.min(sorted.size(), packedRows + 1), source.taken, "rows read after " + packedRows);
        }
        assertEquals(sorted.size(), packedRows);
    }

    @Test
    void aBlockHoldsItsRowsInContentOrderWithTheDevRowsLast() {
        List<KeyedRow> sorted = sortedRows(600);
        DevSet dev = DevSet.seeded(50, 7);
        DevSplit split = new DevSplit(50);
        sorted.forEach(row -> split.add(RowKey.devKey(row.hash(), 7)));
        TrainingData.BlockOrder order = new TrainingData.BlockOrder(BLOCKS, 1);
        Iterator<Block> blocks = new TrainingData.Packer(dev, split, Augmentation.NONE).pack(new CountingIterator(sorted), order);

        int devRows = 0;
        int at = 0;
        while (blocks.hasNext()) {
            Block block = blocks.next();
            List<KeyedRow> members = sorted.subList(at, at + block.rows());
            at += block.rows();
            assertTrue(members.stream().allMatch(r -> order.blockOf(r) == order.blockOf(members.get(0))));
            List<KeyedRow> train = new ArrayList<>();
            List<KeyedRow> held = new ArrayList<>();
            for (KeyedRow row : members) {
                (RowKey.devKey(row.hash(), 7) <= split.threshold() ? held : train).add(row);
            }
            assertEquals(train.size(), block.trainRows);
            List<KeyedRow> expected = new ArrayList<>(train);
            expected.addAll(held);
            for (int r = 0; r < block.rows(); r++) {
                assertEquals(expected.get(r).label(), block.label(r));
                assertArrayEquals(dense(expected.get(r).pixels()), block.densePixels(r));
            }
            devRows += block.devRows;
        }
        assertEquals(50, devRows);
        assertFalse(blocks.hasNext());
    }

    /** Rows of the bundled digits in the order the shuffle delivers them: by block, then content. */
    private static List<KeyedRow> sortedRows(int count) {
        List<KeyedRow> rows = new ArrayList<>();
        for (String line : TestData.lines().subList(1, count + 1)) {
            int[] fields = TestData.fields(line);
            byte[] pixels = new byte[DigitShape.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) fields[1 + p];
            }
            rows.add(KeyedRow.of(fields[0], pixels));
        }
        rows.sort(new TrainingData.BlockOrder(BLOCKS, 1));
        return rows;
    }

    private static int[] dense(byte[] pixels) {
        int[] dense = new int[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            dense[p] = pixels[p] & 0xFF;
        }
        return dense;
    }

    /** The rows as the shuffle hands them over, counting how many have been taken. */
    private static final class CountingIterator implements Iterator<Tuple2<KeyedRow, Boolean>> {
        private final Iterator<KeyedRow> rows;
        int taken;

        CountingIterator(List<KeyedRow> rows) {
            this.rows = rows.iterator();
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Tuple2<KeyedRow, Boolean> next() {
            taken++;
            return new Tuple2<>(rows.next(), Boolean.TRUE);
        }
    }
}
