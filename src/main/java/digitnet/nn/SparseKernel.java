package digitnet.nn;

import static digitnet.nn.Layout.CLASSES;
import static digitnet.nn.Layout.PIXELS;

import digitnet.data.Block;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The production kernel: the same formulas as {@link ReferenceKernel}, a block at a time,
 * reading only the non-zero pixel bytes.
 *
 * <p>W1 is copied pixel-major once per pass, so the hidden units one pixel touches are
 * contiguous, and the division by 255 is folded out of the pixel loops: Z1 = (W1·pixels)/255 + b1
 * and dW1 = (dZ1·pixelsᵀ)/255, applied once per row and once per block. A block's Z1 is summed
 * for all its rows first; then each row goes through the small layers, forward and backward,
 * leaving its dZ1 where its Z1 was; then dW1 is summed over the block's pixel-major copy of its
 * rows ({@link Block#groupRow}), four pixels at a time, each weight's gradient in a register
 * until it is stored once. The pixel loops, where nearly all the time goes, are SIMD when the JVM
 * has {@code jdk.incubator.vector} and plain Java otherwise, with the same bits either way (see
 * {@link PixelLoops}); the Z1 rows they stream begin on a cache line ({@link CacheLines}).
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

    /** Passes over the made-up block of {@link #warmUp}: enough that the JIT compiles the pass's loops. */
    private static final int WARM_UP_PASSES = 120;
    /** Compiled code serves every hidden size and weight, so one warm-up a JVM is enough. */
    private static final AtomicBoolean WARM = new AtomicBoolean();

    @Override
    public void warmUp(Layout layout) {
        if (WARM.getAndSet(true)) {
            return;
        }
        int rows = 64;
        byte[] labels = new byte[rows];
        byte[][] pixels = new byte[rows][PIXELS];
        SplittableRandom random = new SplittableRandom(0);
        for (int r = 0; r < rows; r++) {
            labels[r] = (byte) random.nextInt(CLASSES);
            for (int p = 0; p < PIXELS; p++) {
                pixels[r][p] = random.nextInt(5) == 0 ? (byte) random.nextInt(1, 256) : 0;   // a fifth non-zero, as MNIST
            }
        }
        Block block = Block.pack(rows - 8, labels, pixels);
        double[] w = new double[layout.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = random.nextDouble(-0.5, 0.5);
        }
        Pass pass = begin(w, layout);
        BlockSums sums = new BlockSums(layout);
        for (int i = 0; i < WARM_UP_PASSES; i++) {
            sums.clear();
            pass.accumulate(block, sums);
        }
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
        private final int padded;        // hidden units padded for the pixel loops; padding is 0
        private final PixelLoops loops;
        private final double[] w1t;      // W1ᵀ (784×padded): w1t[p·padded + h] = W1[h][p]
        private final double[] b1;       // padded
        private final double[] w2;       // W2 (10×padded): w2[k·padded + h] = W2[k][h]
        private final int classes;       // 10 classes padded for the class lanes
        private final double[] w2t;      // W2ᵀ (H×classes): w2t[h·classes + k] = W2[k][h]
        private final double[] b2;
        private double[] z1;             // Z1 of every row (rows×padded from z1At), then dZ1 of training rows
        private int z1At;                // where z1's rows begin: on a cache line, where the JVM says
        private final double[] a1;
        private final double[] dz1;
        private final double[] z2;       // classes wide; the softmax reads the first 10
        private final double[] logits;   // Z2, 10 wide
        private final double[] a2;
        // The block's sums, moved into the flat layout once a block:
        private final double[] dw1t;     // Σ dZ1·pixelᵀ, pixel-major (784×padded), not yet /255
        private final double[] db1;
        private final double[] dw2;      // 10×padded
        private final double[] db2;

        SparsePass(double[] w, Layout l, PixelLoops loops) {
            this.layout = l;
            this.hidden = l.hidden();
            this.loops = loops;
            padded = loops.paddedHidden();
            w1t = new double[PIXELS * padded];
            for (int h = 0; h < hidden; h++) {
                for (int p = 0; p < PIXELS; p++) {
                    w1t[p * padded + h] = w[l.w1() + h * PIXELS + p];
                }
            }
            b1 = new double[padded];
            System.arraycopy(w, l.b1(), b1, 0, hidden);
            classes = loops.padded(CLASSES);
            w2 = new double[CLASSES * padded];
            w2t = new double[hidden * classes];
            for (int k = 0; k < CLASSES; k++) {
                for (int h = 0; h < hidden; h++) {
                    w2[k * padded + h] = w[l.w2() + k * hidden + h];
                    w2t[h * classes + k] = w[l.w2() + k * hidden + h];
                }
            }
            b2 = new double[classes];
            System.arraycopy(w, l.b2(), b2, 0, CLASSES);
            z1 = new double[0];
            a1 = new double[padded];
            dz1 = new double[padded];
            z2 = new double[classes];
            logits = new double[CLASSES];
            a2 = new double[CLASSES];
            dw1t = new double[PIXELS * padded];
            db1 = new double[padded];
            dw2 = new double[CLASSES * padded];
            db2 = new double[CLASSES];
        }

        @Override
        public void accumulate(Block block, BlockSums out) {
            if (z1.length < block.rows() * padded + CacheLines.SLACK) {
                z1 = new double[block.rows() * padded + CacheLines.SLACK];
            }
            // Each block, since a garbage collection may have moved the array.
            z1At = CacheLines.firstAligned(z1);
            Arrays.fill(db1, 0.0);
            Arrays.fill(dw2, 0.0);
            Arrays.fill(db2, 0.0);
            // Z1 (H) = W1 (H×784) · X (784), every row, over the non-zero pixels only; not yet /255 + b1
            loops.forward(block, w1t, z1, z1At);
            for (int r = 0; r < block.rows(); r++) {
                forward(r);
                int y = block.label(r);
                int correct = Softmax.argmax(logits) == y ? 1 : 0;
                double weight = block.weight(r);
                if (r < block.trainRows) {
                    out.trainLoss += weight * Softmax.probabilitiesAndCrossEntropy(logits, y, a2);
                    out.trainCorrect += correct;
                    backward(r, y, weight);
                } else {
                    out.devLoss += weight * Softmax.crossEntropy(logits, y);
                    out.devCorrect += correct;
                }
            }
            // dW1 (H×784) = dZ1 · pixelsᵀ, pixel by pixel over the block's training rows
            loops.backward(block, z1, z1At, dw1t);
            flush(out.gradient);
        }

        /*
         * The small layers below run lane-wise over hidden units or classes ({@link PixelLoops#axpy},
         * {@link PixelLoops#axpys}, {@link PixelLoops#hiddenLayer}, {@link PixelLoops#reluGradient}),
         * never summing across lanes, so they give the same bits at any width; and they do not
         * branch on ReLU's pattern, which no predictor can guess.
         */

        /** Row {@code r}: Z1 = pixel sums/255 + b1, A1 = ReLU(Z1), Z2 = W2·A1 + b2. */
        private void forward(int r) {
            loops.hiddenLayer(z1, z1At + r * padded, b1, a1, padded);
            // Z2 (10) = W2 (10×H) · A1 (H) + b2, class lanes accumulated unit by unit
            System.arraycopy(b2, 0, z2, 0, classes);
            loops.axpys(a1, hidden, w2t, 0, classes, z2, 0, classes);
            System.arraycopy(z2, 0, logits, 0, CLASSES);
        }

        /**
         * Needs {@code a2} = softmax(Z2) of training row {@code r} and its {@code a1}; replaces
         * the row's Z1 by dZ1.
         */
        private void backward(int r, int y, double weight) {
            // dZ2 (10) = w·(A2 − Y), the row's weight scaling all of its gradient (every term below
            // is linear in dZ2; ×1 is exact, so a row of weight 1 gives the unweighted bits)
            // dW2 += dZ2 · A1ᵀ;  db2 += dZ2
            a2[y] -= 1;
            for (int k = 0; k < CLASSES; k++) {
                a2[k] *= weight;
            }
            double[] dz2 = a2;
            for (int k = 0; k < CLASSES; k++) {
                loops.axpy(dz2[k], a1, 0, dw2, k * padded, padded);
                db2[k] += dz2[k];
            }
            // dZ1 (H) = W2ᵀ · dZ2 ⊙ ReLU′(Z1), unit lanes accumulated class by class;  db1 += dZ1
            Arrays.fill(dz1, 0.0);
            loops.axpys(dz2, CLASSES, w2, 0, padded, dz1, 0, padded);
            loops.reluGradient(z1, z1At + r * padded, dz1, db1, padded);
        }

        /** Adds the block's sums into the flat layout, dividing dW1 by 255 once per weight. */
        private void flush(double[] g) {
            for (int h = 0; h < hidden; h++) {
                int row = layout.w1() + h * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    g[row + p] += dw1t[p * padded + h] / 255.0;
                }
                g[layout.b1() + h] += db1[h];
            }
            for (int k = 0; k < CLASSES; k++) {
                for (int h = 0; h < hidden; h++) {
                    g[layout.w2() + k * hidden + h] += dw2[k * padded + h];
                }
                g[layout.b2() + k] += db2[k];
            }
        }
    }
}
