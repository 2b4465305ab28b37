package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import digitnet.Tensors;
import digitnet.data.Block;
import digitnet.train.Init;
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
        Layout layout = new Layout(hidden);
        double[] w = Init.UNIFORM.draw(layout, hidden);
        Block block = realDigits();
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
