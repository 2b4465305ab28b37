package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import digitnet.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The packer streams: it holds one block's rows at a time, whatever the partition's size, and
 * packs each block's rows in content order with the dev rows after the training rows, however
 * the shuffle cut a block's rows into chunks.
 */
class PackerTest {
    private static final int BLOCKS = 5;
    private static final TrainingData.BlockPlacement PLACEMENT = new TrainingData.BlockPlacement(BLOCKS, 1);

    /** A digit of the bundled file, dense, with its hash. */
    private record Row(long hash, byte label, byte[] pixels, int[] values) {}

    /** The order a block holds its rows in, spelled out on dense rows. */
    private static final Comparator<Row> CONTENT_ORDER = Comparator.comparingLong(Row::hash)
            .thenComparing(Row::label).thenComparing(Row::pixels, Arrays::compare);

    @Test
    void packsEachBlockAsSoonAsItsLastChunkHasGonePast() {
        List<Tuple2<Integer, SparseRows>> chunks = chunksByBlock(rows(600), 3);
        CountingIterator source = new CountingIterator(chunks);
        Iterator<Block> blocks = new TrainingData.Packer(DevSet.none(), new DevSplit(0), Augmentation.NONE).pack(source);

        int packedRows = 0;
        int block = 0;
        while (blocks.hasNext()) {
            packedRows += blocks.next().rows();
            block++;
            // The packer has read this block's chunks and, to see that the block ended, the next one's first.
            int through = block;
            long expected = chunks.stream().filter(c -> c._1() < through).count();
            assertEquals(Math.min(chunks.size(), expected + 1), source.taken, "chunks read after block " + block);
        }
        assertEquals(600, packedRows);
    }

    @Test
    void aBlockHoldsItsRowsInContentOrderWithTheDevRowsLastHoweverItsChunksWereCut() {
        List<Row> rows = rows(600);
        DevSplit split = new DevSplit(50);
        rows.forEach(row -> split.add(RowKey.devKey(row.hash(), 7)));
        for (int cuts : new int[] {1, 4}) {
            Iterator<Block> blocks = new TrainingData.Packer(DevSet.seeded(50, 7), split, Augmentation.NONE)
                    .pack(chunksByBlock(rows, cuts).iterator());
            int devRows = 0;
            for (int b = 0; b < BLOCKS; b++) {
                int block = b;
                List<Row> members = new ArrayList<>(rows.stream()
                        .filter(r -> PLACEMENT.blockOf(r.hash()) == block).toList());
                members.sort(CONTENT_ORDER);
                List<Row> expected = new ArrayList<>(members.stream()
                        .filter(r -> RowKey.devKey(r.hash(), 7) > split.threshold()).toList());
                int train = expected.size();
                expected.addAll(members.stream().filter(r -> RowKey.devKey(r.hash(), 7) <= split.threshold()).toList());

                Block packed = blocks.next();
                assertEquals(train, packed.trainRows, "block " + b);
                assertEquals(expected.size(), packed.rows(), "block " + b);
                for (int r = 0; r < packed.rows(); r++) {
                    assertEquals(expected.get(r).label(), packed.label(r));
                    assertArrayEquals(expected.get(r).values(), packed.densePixels(r));
                }
                devRows += packed.devRows;
            }
            assertEquals(50, devRows);
            assertFalse(blocks.hasNext());
        }
    }

    private static List<Row> rows(int count) {
        List<Row> rows = new ArrayList<>();
        for (String line : TestData.lines().subList(1, count + 1)) {
            int[] fields = TestData.fields(line);
            int[] values = Arrays.copyOfRange(fields, 1, fields.length);
            byte[] pixels = new byte[values.length];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) values[p];
            }
            rows.add(new Row(RowKey.contentHash(fields[0], pixels), (byte) fields[0], pixels, values));
        }
        return rows;
    }

    /**
     * The rows as the shuffle hands them to a partition: by block, each block's rows in
     * {@code cuts} chunks (as many input partitions would send them), in input order.
     */
    private static List<Tuple2<Integer, SparseRows>> chunksByBlock(List<Row> rows, int cuts) {
        List<Tuple2<Integer, SparseRows>> chunks = new ArrayList<>();
        for (int block = 0; block < BLOCKS; block++) {
            for (int cut = 0; cut < cuts; cut++) {
                SparseRows.Builder chunk = new SparseRows.Builder(0);
                for (int i = cut; i < rows.size(); i += cuts) {
                    Row row = rows.get(i);
                    if (PLACEMENT.blockOf(row.hash()) == block) {
                        chunk.add(row.label(), row.pixels(), false, 1);
                    }
                }
                chunks.add(new Tuple2<>(block, chunk.build()));
            }
        }
        return chunks;
    }

    /** The chunks as the shuffle hands them over, counting how many have been taken. */
    private static final class CountingIterator implements Iterator<Tuple2<Integer, SparseRows>> {
        private final Iterator<Tuple2<Integer, SparseRows>> chunks;
        int taken;

        CountingIterator(List<Tuple2<Integer, SparseRows>> chunks) {
            this.chunks = chunks.iterator();
        }

        @Override
        public boolean hasNext() {
            return chunks.hasNext();
        }

        @Override
        public Tuple2<Integer, SparseRows> next() {
            taken++;
            return chunks.next();
        }
    }
}
