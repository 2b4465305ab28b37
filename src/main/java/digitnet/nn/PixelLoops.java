package digitnet.nn;

import digitnet.data.Block;

/**
 * The two loops of a training step that touch every hidden unit once per non-zero pixel, where
 * nearly all the arithmetic is: Z1 = W1·x and dW1 += dZ1·xᵀ over one row's sparse pixel bytes.
 *
 * <p>Both work on pixel-major copies of W1 and dW1 whose rows are {@link #paddedHidden} long
 * (padding holds zeros), and on pixel values 0..255 (the division by 255 is the caller's). Every
 * hidden unit is computed on its own, by fused multiply-adds in pixel order, so an implementation
 * that handles many units at once (SIMD lanes) gives the same bits as one that handles one at a
 * time, on any vector width: that is what lets {@link SparseKernel} choose freely.
 */
interface PixelLoops {

    /** Row length of the pixel-major weight copies: the hidden units, padded. */
    int paddedHidden();

    /** {@code z[h] = Σ pixel·w1t[pixel index][h]} over row {@code r}'s non-zero pixels, in pixel order. */
    void forward(Block block, int r, double[] w1t, double[] z);

    /** {@code dw1t[pixel index][h] += pixel·dz[h]} for each of row {@code r}'s non-zero pixels. */
    void backward(Block block, int r, double[] dz, double[] dw1t);

    /**
     * Whether the JVM was started with {@code --add-modules=jdk.incubator.vector} (spark-submit's
     * executors are; a plain {@code java} is not unless told). Asked before {@link VectorPixelLoops}
     * is first touched, since loading it without the module fails.
     */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
