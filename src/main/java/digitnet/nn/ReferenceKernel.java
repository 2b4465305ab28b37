package digitnet.nn;

import static digitnet.nn.Layout.CLASSES;
import static digitnet.nn.Layout.PIXELS;

import digitnet.data.Block;

/**
 * The notebook's formulas written out one row at a time over dense pixels, as plainly as
 * possible. It is slow on purpose: every fast kernel is tested against it. Its forward half is
 * {@link Forward}, which inference shares.
 */
public final class ReferenceKernel implements Kernel {

    @Override
    public Pass begin(double[] w, Layout layout) {
        return (block, out) -> {
            for (int r = 0; r < block.rows(); r++) {
                accumulateRow(w, layout, block, r, r < block.trainRows, out);
            }
        };
    }

    private static void accumulateRow(double[] w, Layout l, Block block, int r, boolean train,
            BlockSums out) {
        int hidden = l.hidden();
        double[] x = Forward.input(block.densePixels(r));
        int y = block.label(r);

        // Z1 = W1·X + b1, A1 = ReLU(Z1), Z2 = W2·A1 + b2;  A2 = softmax(Z2)
        double[] z1 = new double[hidden];
        double[] a1 = new double[hidden];
        double[] z2 = new double[CLASSES];
        Forward.pass(w, l, x, z1, a1, z2);
        double[] a2 = Softmax.probabilities(z2);
        double weight = block.weight(r);
        double loss = weight * Softmax.crossEntropy(z2, y);
        boolean correct = Softmax.argmax(z2) == y;
        if (!train) {
            out.devLoss += loss;
            out.devCorrect += correct ? 1 : 0;
            return;
        }
        out.trainLoss += loss;
        out.trainCorrect += correct ? 1 : 0;

        // dZ2 (10) = w·(A2 − Y), the row's sample weight w scaling its loss and all of its gradient
        // dW2 += dZ2 · A1ᵀ;  db2 += dZ2
        double[] dz2 = new double[CLASSES];
        for (int k = 0; k < CLASSES; k++) {
            dz2[k] = weight * (a2[k] - (k == y ? 1 : 0));
            for (int h = 0; h < hidden; h++) {
                out.gradient[l.w2() + k * hidden + h] += dz2[k] * a1[h];
            }
            out.gradient[l.b2() + k] += dz2[k];
        }
        // dZ1 (H) = W2ᵀ · dZ2 ⊙ ReLU′(Z1);  dW1 += dZ1 · Xᵀ;  db1 += dZ1
        for (int h = 0; h < hidden; h++) {
            double s = 0;
            for (int k = 0; k < CLASSES; k++) {
                s += w[l.w2() + k * hidden + h] * dz2[k];
            }
            double dz1 = z1[h] > 0 ? s : 0;
            for (int p = 0; p < PIXELS; p++) {
                out.gradient[l.w1() + h * PIXELS + p] += dz1 * x[p];
            }
            out.gradient[l.b1() + h] += dz1;
        }
    }
}
