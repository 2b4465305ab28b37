package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import digitnet.Tensors;
import digitnet.data.Block;
import digitnet.train.Init;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds the fast kernel to the naive {@link ReferenceKernel} on real digits, and its SIMD pixel
 * loops to its scalar ones bit for bit, at hidden sizes below, at, between and above one SIMD tile.
 */
class KernelAgreementTest {
    private static final int ROWS = 300;
    private static final int TRAIN_ROWS = 240;

    /** Real digits from the bundled file, the last rows dev rows (they must not enter the gradient). */
    static Block realDigits() {
        return TestData.block(ROWS, TRAIN_ROWS, 31);
    }

    static BlockSums run(Kernel kernel, Layout layout, double[] w, Block block) {
        BlockSums sums = new BlockSums(layout);
        Kernel.Pass pass = kernel.begin(w, layout);
        pass.accumulate(block, sums);
        // A second block through the same pass: its buffers must start clean again.
        BlockSums again = new BlockSums(layout);
        pass.accumulate(block, again);
        assertArrayEquals(sums.gradient, again.gradient, "a pass must not carry state between blocks");
        return sums;
    }

    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 10, 13, 20, 64, 128})
    void sparseKernelMatchesTheReference(int hidden) {
        assertAgreesWithTheReference(hidden, realDigits());
    }

    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 13, 64})
    void sparseKernelMatchesTheReferenceOnWeightedRows(int hidden) {
        assertAgreesWithTheReference(hidden, TestData.weightedBlock(ROWS, TRAIN_ROWS, 31));
    }

    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 13, 64})
    void weightsOfOneGiveTheUnweightedBits(int hidden) {
        Layout layout = new Layout(hidden);
        double[] w = Init.HE.draw(layout, 5);
        Block unweighted = realDigits();
        Block ones = Block.pack(TRAIN_ROWS, unweighted.labels, dense(unweighted), ones(ROWS));
        for (Kernel kernel : new Kernel[] {new ReferenceKernel(), new SparseKernel()}) {
            BlockSums expected = run(kernel, layout, w, unweighted);
            BlockSums actual = run(kernel, layout, w, ones);
            assertArrayEquals(expected.gradient, actual.gradient);
            assertEquals(expected.trainLoss, actual.trainLoss);
            assertEquals(expected.devLoss, actual.devLoss);
        }
    }

    private static byte[][] dense(Block block) {
        byte[][] pixels = new byte[block.rows()][];
        for (int r = 0; r < block.rows(); r++) {
            int[] row = block.densePixels(r);
            pixels[r] = new byte[row.length];
            for (int p = 0; p < row.length; p++) {
                pixels[r][p] = (byte) row[p];
            }
        }
        return pixels;
    }

    private static double[] ones(int n) {
        double[] ones = new double[n];
        Arrays.fill(ones, 1.0);
        return ones;
    }

    private static void assertAgreesWithTheReference(int hidden, Block block) {
        Layout layout = new Layout(hidden);
        double[] w = Init.UNIFORM.draw(layout, hidden);
        BlockSums expected = run(new ReferenceKernel(), layout, w, block);
        BlockSums actual = run(new SparseKernel(), layout, w, block);

        Tensors.assertParamsClose(layout, expected.gradient, actual.gradient, 1e-12);
        Tensors.assertClose("train loss", new double[] {expected.trainLoss}, new double[] {actual.trainLoss}, 1e-12);
        Tensors.assertClose("dev loss", new double[] {expected.devLoss}, new double[] {actual.devLoss}, 1e-12);
        assertEquals(expected.trainCorrect, actual.trainCorrect, "train correct");
        assertEquals(expected.devCorrect, actual.devCorrect, "dev correct");
        assertTrue(expected.devLoss > 0 && expected.trainCorrect > 0, "the block must exercise both kinds of row");
    }

    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 10, 13, 20, 64, 128})
    void simdAndScalarLoopsGiveTheSameBits(int hidden) {
        Layout layout = new Layout(hidden);
        double[] w = Init.HE.draw(layout, 3);
        Block block = realDigits();
        BlockSums scalar = run(new SparseKernel(SparseKernel.Loops.SCALAR), layout, w, block);
        BlockSums simd = run(new SparseKernel(SparseKernel.Loops.VECTOR), layout, w, block);

        assertArrayEquals(scalar.gradient, simd.gradient);
        assertEquals(scalar.trainLoss, simd.trainLoss);
        assertEquals(scalar.devLoss, simd.devLoss);
    }
}
