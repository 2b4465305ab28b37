package digitnet.nn;

import digitnet.data.Block;

/**
 * The loops of a training step that run over hidden units: chiefly the two that touch every
 * hidden unit once per non-zero pixel, where nearly all the arithmetic is: Z1 = W1·X over a block
 * (row by row, each row's sums held in registers over its pixels) and dW1 = dZ1·Xᵀ over a block
 * (pixel by pixel, each pixel's sums held in registers over all the training rows that touch
 * it), each sum stored once; and the lane-wise step of the small layers ({@link #axpy}).
 *
 * <p>Both work on pixel-major weight and gradient copies whose rows are {@link #paddedHidden}
 * long (padding holds zeros), and on pixel values 0..255 (the division by 255 is the caller's).
 * Every hidden unit is computed on its own, never by a sum across units: its entries (a row's
 * pixels forward, a pixel's rows backward) are dealt in turn to {@link #STREAMS} partial sums,
 * each a chain of fused multiply-adds from 0, and the partial sums are added as
 * (s0 + s1) + (s2 + s3). That order is fixed by the data alone, so an implementation that
 * handles many units at once (SIMD lanes) gives the same bits as one that handles one at a time,
 * on any vector width: that is what lets {@link SparseKernel} choose freely.
 */
interface PixelLoops {

    /** Partial sums a unit: entry e of a stream of entries goes to partial sum e mod 4. */
    int STREAMS = 4;

    /** Row length of the pixel-major copies: the hidden units, padded. */
    int paddedHidden();

    /**
     * {@code z[r][h] = Σ pixel·w1t[pixel index][h]} over each row {@code r}'s non-zero pixels,
     * taken in pixel order, for every row of the block; {@code z} is row-major, {@link #paddedHidden} a
     * row.
     */
    void forward(Block block, double[] w1t, double[] z);

    /**
     * {@code dw1t[p][h] = Σ pixel·dz[r][h]} over the block's training rows {@code r} in which
     * pixel {@code p} is non-zero, taken in row order (every entry is written, 0 where no row
     * touches the pixel); {@code dz} is row-major, {@link #paddedHidden} a row.
     */
    void backward(Block block, double[] dz, double[] dw1t);

    /** {@code n} rounded up to whole vectors: the length of every array {@link #axpy} runs over. */
    int padded(int n);

    /**
     * {@code y[yAt + i] = fma(x[xAt + i], s, y[yAt + i])} for i in [0, n), {@code n} padded: the
     * lane-wise step of the small layers (Z2 unit by unit over class lanes; dW2 and dZ1 class by
     * class over unit lanes), each lane on its own, so again the width never changes the bits.
     */
    void axpy(double s, double[] x, int xAt, double[] y, int yAt, int n);

    /**
     * Whether the JVM was started with {@code --add-modules=jdk.incubator.vector} (spark-submit's
     * executors are; a plain {@code java} is not unless told). Asked before {@link VectorPixelLoops}
     * is first touched, since loading it without the module fails.
     */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
