package digitnet.nn;

import static digitnet.nn.Layout.CLASSES;
import static digitnet.nn.Layout.PIXELS;

import digitnet.data.Block;

/**
 * The production kernel: the same formulas as {@link ReferenceKernel}, reading only the
 * non-zero pixel bytes of each row.
 *
 * <p>W1 is transposed to pixel-major order once per pass, so the H weights a pixel touches are
 * contiguous, and the division by 255 is folded out of the inner loops: Z1 = (W1·pixels)/255 + b1
 * and dW1 = (dZ1·pixelsᵀ)/255, applied once per row and once per block.
 */
public final class SparseKernel implements Kernel {

    @Override
    public Pass begin(double[] params, Layout layout) {
        return new SparsePass(params, layout);
    }

    private static final class SparsePass implements Pass {
        private final int hidden;
        private final Layout layout;
        private final double[] w1t;      // W1ᵀ (784×H): w1t[p·H + h] = W1[h][p]
        private final double[] b1;
        private final double[] w2;       // W2 (10×H), row-major
        private final double[] b2;
        private final double[] dw1t;     // Σ dZ1·pixelᵀ over the block, pixel-major, not yet /255
        private final double[] z1;
        private final double[] a1;
        private final double[] dz1;
        private final double[] z2;
        private final double[] a2;

        SparsePass(double[] w, Layout l) {
            layout = l;
            hidden = l.hidden();
            w1t = new double[PIXELS * hidden];
            for (int h = 0; h < hidden; h++) {
                for (int p = 0; p < PIXELS; p++) {
                    w1t[p * hidden + h] = w[l.w1() + h * PIXELS + p];
                }
            }
            b1 = slice(w, l.b1(), hidden);
            w2 = slice(w, l.w2(), CLASSES * hidden);
            b2 = slice(w, l.b2(), CLASSES);
            dw1t = new double[PIXELS * hidden];
            z1 = new double[hidden];
            a1 = new double[hidden];
            dz1 = new double[hidden];
            z2 = new double[CLASSES];
            a2 = new double[CLASSES];
        }

        @Override
        public void accumulate(Block block, BlockSums out) {
            for (int r = 0; r < block.rows(); r++) {
                forward(block, r);
                int y = block.label(r);
                double loss = Softmax.crossEntropy(z2, y);
                int correct = Softmax.argmax(z2) == y ? 1 : 0;
                if (r < block.trainRows) {
                    out.trainLoss += loss;
                    out.trainCorrect += correct;
                    backward(block, r, y, out.gradient);
                } else {
                    out.devLoss += loss;
                    out.devCorrect += correct;
                }
            }
            flushW1Gradient(out.gradient);
        }

        private void forward(Block block, int r) {
            // Z1 (H) = W1 (H×784) · X (784) + b1, over the row's non-zero pixels only
            java.util.Arrays.fill(z1, 0.0);
            for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
                int base = block.pixelIndex[i] * hidden;
                double v = block.pixelValue[i] & 0xFF;
                for (int h = 0; h < hidden; h++) {
                    z1[h] += w1t[base + h] * v;
                }
            }
            for (int h = 0; h < hidden; h++) {
                z1[h] = z1[h] / 255.0 + b1[h];
                a1[h] = Math.max(z1[h], 0);
            }
            // Z2 (10) = W2 (10×H) · A1 (H) + b2
            for (int k = 0; k < CLASSES; k++) {
                double s = 0;
                for (int h = 0; h < hidden; h++) {
                    s += w2[k * hidden + h] * a1[h];
                }
                z2[k] = s + b2[k];
            }
        }

        private void backward(Block block, int r, int y, double[] g) {
            // dZ2 (10) = A2 − Y;  dW2 += dZ2 · A1ᵀ;  db2 += dZ2
            Softmax.probabilities(z2, a2);
            a2[y] -= 1;
            double[] dz2 = a2;
            for (int k = 0; k < CLASSES; k++) {
                int row = layout.w2() + k * hidden;
                for (int h = 0; h < hidden; h++) {
                    g[row + h] += dz2[k] * a1[h];
                }
                g[layout.b2() + k] += dz2[k];
            }
            // dZ1 (H) = W2ᵀ · dZ2 ⊙ ReLU′(Z1);  db1 += dZ1
            for (int h = 0; h < hidden; h++) {
                double s = 0;
                for (int k = 0; k < CLASSES; k++) {
                    s += w2[k * hidden + h] * dz2[k];
                }
                dz1[h] = z1[h] > 0 ? s : 0;
                g[layout.b1() + h] += dz1[h];
            }
            // dW1 (H×784) += dZ1 · pixelsᵀ, pixel-major, over the non-zero pixels
            for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
                int base = block.pixelIndex[i] * hidden;
                double v = block.pixelValue[i] & 0xFF;
                for (int h = 0; h < hidden; h++) {
                    dw1t[base + h] += dz1[h] * v;
                }
            }
        }

        /** Moves the block's dW1 into the flat layout, dividing by 255 once per weight. */
        private void flushW1Gradient(double[] g) {
            for (int p = 0; p < PIXELS; p++) {
                for (int h = 0; h < hidden; h++) {
                    int t = p * hidden + h;
                    if (dw1t[t] != 0) {
                        g[layout.w1() + h * PIXELS + p] += dw1t[t] / 255.0;
                        dw1t[t] = 0;
                    }
                }
            }
        }

        private static double[] slice(double[] w, int from, int length) {
            return java.util.Arrays.copyOfRange(w, from, from + length);
        }
    }
}
