package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import digitnet.Tensors;
import digitnet.data.Block;
import digitnet.train.Init;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference check of every parameter's gradient, as Spark's GradientSuite does: the
 * kernels' backward pass must be the derivative of their own forward pass's loss.
 */
class GradientCheckTest {

    static Stream<Kernel> kernels() {
        return Stream.of(new ReferenceKernel(), new SparseKernel());
    }

    /** Eight real digits, six for training and two for dev (dev rows must not enter the gradient). */
    static Block realDigits() {
        return TestData.block(8, 6, 1250);
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyParameterMatchesCentralDifferences(Kernel kernel) {
        assertMatchesCentralDifferences(kernel, realDigits());
    }

    /** With sample weights the gradient is that of the weighted loss Σ wᵢ·lossᵢ. */
    @ParameterizedTest
    @MethodSource("kernels")
    void weightedRowsMatchCentralDifferences(Kernel kernel) {
        assertMatchesCentralDifferences(kernel, TestData.weightedBlock(8, 6, 1250));
    }

    private static void assertMatchesCentralDifferences(Kernel kernel, Block block) {
        Layout layout = new Layout(3);
        double[] w = Init.UNIFORM.draw(layout, 7);

        BlockSums sums = new BlockSums(layout);
        kernel.begin(w, layout).accumulate(block, sums);
        double[] analytic = sums.gradient.clone();

        double eps = 1e-6;
        double[] numeric = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double saved = w[i];
            w[i] = saved + eps;
            double up = loss(kernel, layout, w, block);
            w[i] = saved - eps;
            double down = loss(kernel, layout, w, block);
            w[i] = saved;
            numeric[i] = (up - down) / (2 * eps);
        }
        Tensors.assertParamsClose(layout, numeric, analytic, 1e-6);
        assertTrue(max(analytic) > 1e-3, "the check must exercise non-zero gradients");
    }

    private static double loss(Kernel kernel, Layout layout, double[] w, Block block) {
        BlockSums sums = new BlockSums(layout);
        kernel.begin(w, layout).accumulate(block, sums);
        return sums.trainLoss;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
