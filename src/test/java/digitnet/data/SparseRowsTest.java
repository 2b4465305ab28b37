package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The compact rows loading carries: every row reads back as written, and they order as dense rows do. */
class SparseRowsTest {

    /** Rows whose gaps need every case of the encoding: none, short, 255 and more, at both ends. */
    private static List<byte[]> hardRows() {
        List<byte[]> rows = new ArrayList<>();
        rows.add(new byte[DigitShape.PIXELS]);                       // all zero
        byte[] full = new byte[DigitShape.PIXELS];
        Arrays.fill(full, (byte) 255);                               // no gaps, values above 127
        rows.add(full);
        for (int p : new int[] {0, 254, 255, 256, 509, 510, 511, 783}) {
            byte[] one = new byte[DigitShape.PIXELS];
            one[p] = (byte) (p % 250 + 1);
            rows.add(one);
        }
        byte[] ends = new byte[DigitShape.PIXELS];
        ends[0] = 1;
        ends[783] = (byte) 200;                                      // a gap of 782
        rows.add(ends);
        Random random = new Random(5);
        for (int r = 0; r < 50; r++) {
            byte[] sparse = new byte[DigitShape.PIXELS];
            for (int p = 0; p < sparse.length; p++) {
                sparse[p] = random.nextInt(5) == 0 ? (byte) (1 + random.nextInt(255)) : 0;
            }
            rows.add(sparse);
        }
        return rows;
    }

    @Test
    void everyRowReadsBackAsWrittenAndCopiesUnchanged() {
        List<byte[]> pixels = hardRows();
        SparseRows.Builder builder = new SparseRows.Builder(0);
        for (int r = 0; r < pixels.size(); r++) {
            builder.add(r % 10, pixels.get(r), r % 3 == 0, r % 4 == 0 ? 0.25 * r : 1);
        }
        SparseRows rows = builder.build();
        SparseRows.Builder copies = new SparseRows.Builder(0);
        int r = 0;
        for (int at = 0; !rows.isEnd(at); at = rows.next(at), r++) {
            byte[] expected = pixels.get(r);
            assertArrayEquals(expected, rows.densePixels(at), "row " + r);
            assertEquals(RowKey.contentHash(r % 10, expected), rows.hash(at));
            assertEquals(r % 10, rows.label(at));
            assertEquals(r % 3 == 0, rows.dev(at));
            assertEquals(r % 4 == 0 ? 0.25 * r : 1, rows.weight(at));
            long nonZero = 0;
            for (byte v : expected) {
                nonZero += v != 0 ? 1 : 0;
            }
            assertEquals(nonZero, rows.nonZero(at));
            copies.add(rows, at);
        }
        assertEquals(pixels.size(), r);
        assertEquals(pixels.size(), rows.rows());
        SparseRows copied = copies.build();
        r = 0;
        for (int at = 0; !copied.isEnd(at); at = copied.next(at), r++) {
            assertArrayEquals(pixels.get(r), copied.densePixels(at));
        }
        assertEquals(pixels.size(), r);
    }

    @Test
    void rowsOrderAsTheirDenseContentDoes() {
        List<byte[]> pixels = new ArrayList<>(hardRows());
        pixels.add(pixels.get(3).clone());                          // an equal row: equal hash, compared to the end
        SparseRows.Builder builder = new SparseRows.Builder(0);
        List<Integer> offsets = new ArrayList<>();
        SparseRows probe = null;
        for (byte[] p : pixels) {
            builder.add(1, p, false, 1);
        }
        builder.add(1, pixels.get(3), false, 2);                    // the same digit heavier: after it
        probe = builder.build();
        for (int at = 0; !probe.isEnd(at); at = probe.next(at)) {
            offsets.add(at);
        }
        for (int i = 0; i < offsets.size(); i++) {
            for (int j = 0; j < offsets.size(); j++) {
                int a = offsets.get(i);
                int b = offsets.get(j);
                int c = Long.compare(probe.hash(a), probe.hash(b));
                if (c == 0) {
                    c = Arrays.compare(probe.densePixels(a), probe.densePixels(b));
                }
                if (c == 0) {
                    c = Double.compare(probe.weight(a), probe.weight(b));
                }
                assertEquals(Integer.signum(c), Integer.signum(SparseRows.compare(probe, a, probe, b)), i + " vs " + j);
            }
        }
        int last = offsets.get(offsets.size() - 1);
        int equal = offsets.get(pixels.size() - 1);
        assertTrue(SparseRows.compare(probe, offsets.get(3), probe, equal) == 0);
        assertTrue(SparseRows.compare(probe, equal, probe, last) < 0);
        assertFalse(probe.isEnd(last));
    }
}
