package digitnet.nn;

import static digitnet.nn.Layout.CLASSES;
import static digitnet.nn.Layout.PIXELS;

import digitnet.data.Block;
import java.util.Arrays;

/**
 * The production kernel: the same formulas as {@link ReferenceKernel}, forward and backward
 * fused row by row, reading only the non-zero pixel bytes.
 *
 * <p>W1 is copied pixel-major once per pass, so the hidden units one pixel touches are
 * contiguous, and the division by 255 is folded out of the pixel loops: Z1 = (W1·pixels)/255 + b1
 * and dW1 = (dZ1·pixelsᵀ)/255, applied once per row and once per block. The pixel loops, where
 * nearly all the time goes, are SIMD when the JVM has {@code jdk.incubator.vector} and plain Java
 * otherwise, with the same bits either way (see {@link PixelLoops}).
 */
public final class SparseKernel implements Kernel {
    private static final long serialVersionUID = 1L;

    /** Which pixel loops a pass uses. */
    public enum Loops {
        /** SIMD when the JVM has {@code jdk.incubator.vector}, else scalar: decided where the pass runs. */
        FASTEST,
        /** Plain Java, one hidden unit at a time. */
        SCALAR,
        /** SIMD; fails when the JVM lacks {@code jdk.incubator.vector}. */
        VECTOR
    }

    private final Loops loops;

    /** The fastest pixel loops the running JVM offers. */
    public SparseKernel() {
        this(Loops.FASTEST);
    }

    public SparseKernel(Loops loops) {
        this.loops = loops;
    }

    @Override
    public Pass begin(double[] params, Layout layout) {
        return new SparsePass(params, layout, pixelLoops(layout.hidden()));
    }

    /** Chosen per pass, on the executor that runs it: its JVM may differ from the driver's. */
    private PixelLoops pixelLoops(int hidden) {
        boolean simd = switch (loops) {
            case FASTEST -> PixelLoops.vectorAvailable();
            case SCALAR -> false;
            case VECTOR -> {
                if (!PixelLoops.vectorAvailable()) {
                    throw new IllegalStateException("the JVM lacks --add-modules=jdk.incubator.vector");
                }
                yield true;
            }
        };
        return simd ? new VectorPixelLoops(hidden) : new ScalarPixelLoops(hidden);
    }

    private static final class SparsePass implements Pass {
        private final Layout layout;
        private final int hidden;
        private final PixelLoops loops;
        private final double[] w1t;      // W1ᵀ (784×padded): w1t[p·padded + h] = W1[h][p]
        private final double[] b1;
        private final double[] w2t;      // W2ᵀ (H×10): w2t[h·10 + k] = W2[k][h]
        private final double[] b2;
        private final double[] dw1t;     // Σ dZ1·pixelᵀ over the block, pixel-major, not yet /255
        private final double[] z1;
        private final double[] a1;
        private final double[] dz1;
        private final double[] z2;
        private final double[] a2;

        SparsePass(double[] w, Layout l, PixelLoops loops) {
            this.layout = l;
            this.hidden = l.hidden();
            this.loops = loops;
            int padded = loops.paddedHidden();
            w1t = new double[PIXELS * padded];
            for (int h = 0; h < hidden; h++) {
                for (int p = 0; p < PIXELS; p++) {
                    w1t[p * padded + h] = w[l.w1() + h * PIXELS + p];
                }
            }
            b1 = slice(w, l.b1(), hidden);
            w2t = new double[hidden * CLASSES];
            for (int k = 0; k < CLASSES; k++) {
                for (int h = 0; h < hidden; h++) {
                    w2t[h * CLASSES + k] = w[l.w2() + k * hidden + h];
                }
            }
            b2 = slice(w, l.b2(), CLASSES);
            dw1t = new double[PIXELS * padded];
            z1 = new double[padded];
            a1 = new double[hidden];
            dz1 = new double[padded];
            z2 = new double[CLASSES];
            a2 = new double[CLASSES];
        }

        @Override
        public void accumulate(Block block, BlockSums out) {
            for (int r = 0; r < block.rows(); r++) {
                forward(block, r);
                int y = block.label(r);
                int correct = Softmax.argmax(z2) == y ? 1 : 0;
                if (r < block.trainRows) {
                    out.trainLoss += Softmax.probabilitiesAndCrossEntropy(z2, y, a2);
                    out.trainCorrect += correct;
                    backward(block, r, y, out.gradient);
                } else {
                    out.devLoss += Softmax.crossEntropy(z2, y);
                    out.devCorrect += correct;
                }
            }
            flushW1Gradient(out.gradient);
        }

        private void forward(Block block, int r) {
            // Z1 (H) = W1 (H×784) · X (784) + b1, over the row's non-zero pixels only
            loops.forward(block, r, w1t, z1);
            for (int h = 0; h < hidden; h++) {
                z1[h] = z1[h] / 255.0 + b1[h];
                a1[h] = Math.max(z1[h], 0);
            }
            // Z2 (10) = W2 (10×H) · A1 (H) + b2, skipping the units ReLU silenced
            Arrays.fill(z2, 0.0);
            for (int h = 0; h < hidden; h++) {
                if (a1[h] != 0) {
                    for (int k = 0; k < CLASSES; k++) {
                        z2[k] += w2t[h * CLASSES + k] * a1[h];
                    }
                }
            }
            for (int k = 0; k < CLASSES; k++) {
                z2[k] += b2[k];
            }
        }

        /** Needs {@code a2} = softmax(Z2) of row {@code r}. */
        private void backward(Block block, int r, int y, double[] g) {
            // dZ2 (10) = A2 − Y;  dW2 += dZ2 · A1ᵀ;  db2 += dZ2
            a2[y] -= 1;
            double[] dz2 = a2;
            for (int h = 0; h < hidden; h++) {
                if (a1[h] != 0) {
                    for (int k = 0; k < CLASSES; k++) {
                        g[layout.w2() + k * hidden + h] += dz2[k] * a1[h];
                    }
                }
            }
            for (int k = 0; k < CLASSES; k++) {
                g[layout.b2() + k] += dz2[k];
            }
            // dZ1 (H) = W2ᵀ · dZ2 ⊙ ReLU′(Z1);  db1 += dZ1
            for (int h = 0; h < hidden; h++) {
                double s = 0;
                if (z1[h] > 0) {
                    for (int k = 0; k < CLASSES; k++) {
                        s += w2t[h * CLASSES + k] * dz2[k];
                    }
                }
                dz1[h] = s;
                g[layout.b1() + h] += s;
            }
            // dW1 (H×784) += dZ1 · pixelsᵀ, pixel-major, over the non-zero pixels
            loops.backward(block, r, dz1, dw1t);
        }

        /** Moves the block's dW1 into the flat layout, dividing by 255 once per weight. */
        private void flushW1Gradient(double[] g) {
            int padded = loops.paddedHidden();
            for (int p = 0; p < PIXELS; p++) {
                for (int h = 0; h < hidden; h++) {
                    int t = p * padded + h;
                    if (dw1t[t] != 0) {
                        g[layout.w1() + h * PIXELS + p] += dw1t[t] / 255.0;
                        dw1t[t] = 0;
                    }
                }
            }
        }

        private static double[] slice(double[] w, int from, int length) {
            return Arrays.copyOfRange(w, from, from + length);
        }
    }
}
