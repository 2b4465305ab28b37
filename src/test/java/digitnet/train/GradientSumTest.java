package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.nn.BlockSums;
import digitnet.nn.Layout;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientSumTest {
    private final Layout layout = new Layout(1);

    /** Blocks of random values spanning many magnitudes and both signs. */
    private List<BlockSums> blocks(int count, long seed) {
        Random random = new Random(seed);
        List<BlockSums> blocks = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            BlockSums s = new BlockSums(layout);
            for (int i = 0; i < s.gradient.length; i++) {
                s.gradient[i] = random.nextGaussian() * Math.pow(10, random.nextInt(16) - 8);
            }
            s.trainLoss = random.nextDouble() * 1000;
            s.trainCorrect = random.nextInt(100);
            blocks.add(s);
        }
        return blocks;
    }

    private GradientSum sumOf(List<BlockSums> blocks) {
        GradientSum total = new GradientSum(layout.size());
        for (BlockSums b : blocks) {
            total.add(b);
        }
        return total;
    }

    @Test
    void anyGroupingAndOrderGivesTheSameBits() {
        List<BlockSums> blocks = blocks(40, 1);
        double[] straight = sumOf(blocks).gradient(1.0);
        for (long seed = 0; seed < 5; seed++) {
            List<BlockSums> shuffled = new ArrayList<>(blocks);
            Collections.shuffle(shuffled, new Random(seed));
            // Split into random groups, sum each group, then merge the groups in reverse.
            Random random = new Random(seed + 100);
            List<GradientSum> groups = new ArrayList<>();
            GradientSum current = new GradientSum(layout.size());
            for (BlockSums b : shuffled) {
                current.add(b);
                if (random.nextInt(4) == 0) {
                    groups.add(current);
                    current = new GradientSum(layout.size());
                }
            }
            groups.add(current);
            Collections.reverse(groups);
            GradientSum merged = new GradientSum(layout.size());
            groups.forEach(merged::merge);
            assertArrayEquals(straight, merged.gradient(1.0));
        }
    }

    @Test
    void sumIsExactToTwoToTheMinus64PerBlock() {
        List<BlockSums> blocks = blocks(30, 2);
        double[] total = sumOf(blocks).gradient(1.0);
        for (int i = 0; i < total.length; i++) {
            BigDecimal exact = BigDecimal.ZERO;
            for (BlockSums b : blocks) {
                exact = exact.add(new BigDecimal(b.gradient[i]));
            }
            double error = Math.abs(exact.subtract(new BigDecimal(total[i])).doubleValue());
            // truncation of each block's value to 2^-64, plus the final rounding to double
            double allowed = blocks.size() * 0x1p-64 + Math.ulp(exact.doubleValue());
            assertTrue(error <= allowed, "value " + i + ": error " + error + " > " + allowed);
        }
    }

    /** Fractions from one half up, where a plain cast to long would saturate, and values just below 0. */
    @Test
    void fractionsOfEitherHalfAndTinyNegativesConvertAsTheyShould() {
        BlockSums b = new BlockSums(layout);
        b.gradient[0] = 0.75;
        b.gradient[1] = -0.75;
        b.gradient[2] = Math.nextDown(1.0);
        b.gradient[3] = -1e-30;
        b.gradient[4] = 2.5;
        GradientSum sum = new GradientSum(layout.size()).add(b).add(b);
        double[] g = sum.gradient(1.0);
        assertEquals(1.5, g[0]);
        assertEquals(-1.5, g[1]);
        assertEquals(2 * Math.nextDown(1.0), g[2]);
        assertTrue(g[3] < 0 && g[3] >= -2 * 0x1p-53, "two tiny negatives stay a tiny negative: " + g[3]);
        assertEquals(5.0, g[4]);
    }

    @Test
    void countsAndLossesAddUp() {
        List<BlockSums> blocks = blocks(10, 3);
        GradientSum total = sumOf(blocks);
        assertEquals(blocks.stream().mapToLong(b -> b.trainCorrect).sum(), total.trainCorrect());
        assertEquals(blocks.stream().mapToDouble(b -> b.trainLoss).sum(), total.trainLoss(), 1e-9);
    }

    @Test
    void nonFiniteOrHugeValuesMarkDivergence() {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -1e300}) {
            BlockSums b = new BlockSums(layout);
            b.gradient[3] = bad;
            GradientSum sum = new GradientSum(layout.size()).add(b);
            assertTrue(sum.diverged(), "diverged on " + bad);
            assertTrue(new GradientSum(layout.size()).merge(sum).diverged(), "merge keeps divergence");
        }
        assertFalse(sumOf(blocks(3, 4)).diverged());
    }

    /** What a task sends the driver: the packed sum merges to the same bits as the sum itself. */
    @Test
    void packedSumsMergeAsTheSumsDo() {
        List<BlockSums> blocks = blocks(20, 5);
        BlockSums edges = new BlockSums(layout);
        edges.gradient[0] = 0x1p47;              // integer parts of many varint bytes, either sign
        edges.gradient[1] = -0x1p47;
        edges.gradient[2] = -1e-30;              // integer part -1, fraction near 1
        edges.gradient[3] = 0;                   // stays 0: the bitmap's case
        edges.gradient[4] = 3;                   // integer part alone, fraction 0
        edges.gradient[5] = 0;
        blocks.add(edges);
        for (int i = 0; i < 40; i++) {
            blocks.add(edges);                   // carries into the integer parts
        }
        for (BlockSums b : blocks) {
            b.gradient[5] = 0;
        }
        GradientSum first = sumOf(blocks.subList(0, 7));
        GradientSum second = sumOf(blocks.subList(7, blocks.size()));
        GradientSum merged = new GradientSum(layout.size()).merge(first).merge(second);
        GradientSum packed = GradientSum.unpack(first.pack()).mergePacked(second.pack());
        assertArrayEquals(merged.gradient(1.0), packed.gradient(1.0));
        assertEquals(0.0, packed.gradient(1.0)[5]);
        assertEquals(merged.trainLoss(), packed.trainLoss());
        assertEquals(merged.trainCorrect(), packed.trainCorrect());
        assertEquals(merged.devCorrect(), packed.devCorrect());
        assertTrue(first.pack().length < 2 * Long.BYTES * layout.size(), "smaller than the two arrays");

        GradientSum empty = new GradientSum(layout.size());
        assertArrayEquals(empty.gradient(1.0), GradientSum.unpack(empty.pack()).gradient(1.0));
        BlockSums bad = new BlockSums(layout);
        bad.gradient[0] = Double.NaN;
        assertTrue(GradientSum.unpack(new GradientSum(layout.size()).add(bad).pack()).diverged());
        assertTrue(new GradientSum(layout.size()).mergePacked(new GradientSum(layout.size()).add(bad).pack()).diverged());
    }

    /**
     * The sliced path of GradientJob: every sum cut into slices, each slice added up across the
     * sums on its own, the summed slices put together: the bits of the sums merged whole.
     */
    @Test
    void slicesSummedOneByOneGiveTheBitsOfTheWholeSums() {
        List<GradientSum> sums = List.of(sumOf(blocks(5, 11)), sumOf(blocks(3, 12)), new GradientSum(layout.size()),
                sumOf(blocks(9, 13)));
        GradientSum whole = new GradientSum(layout.size());
        sums.forEach(whole::merge);
        for (int slices : new int[] {1, 2, 3, layout.size() + 2}) {
            GradientSum assembled = null;
            for (int s = 0; s < slices; s++) {
                GradientSum slice = null;
                for (GradientSum sum : sums) {
                    byte[] packed = sum.packSlices(slices)[s];
                    slice = slice == null ? GradientSum.unpack(packed) : slice.mergePacked(packed);
                }
                byte[] summed = slice.pack();
                assembled = (assembled == null ? GradientSum.emptyFor(summed) : assembled).mergePacked(summed);
            }
            assertArrayEquals(whole.pack(), assembled.pack(), slices + " slices");
            assertEquals(whole.trainCorrect(), assembled.trainCorrect(), "each sum's counts are added once");
        }
    }

    @Test
    void aSliceIsRefusedWhereTheWholeSumIsNeeded() {
        GradientSum slice = GradientSum.unpack(sumOf(blocks(2, 3)).packSlices(2)[1]);
        assertThrows(IllegalStateException.class, () -> slice.gradient(1.0));
        assertThrows(IllegalArgumentException.class,
                () -> slice.mergePacked(sumOf(blocks(2, 4)).packSlices(2)[0]), "another slice's values");
    }
}
