package digitnet.nn;

import digitnet.data.Block;

/**
 * The loops of a training step that run over hidden units: chiefly the two that touch every
 * hidden unit once per non-zero pixel, where nearly all the arithmetic is, Z1 = W1·X over a block
 * and dW1 = dZ1·Xᵀ over a block; and the lane-wise step of the small layers ({@link #axpy}).
 *
 * <p>Both work on pixel-major weight and gradient copies whose rows are {@link #paddedHidden}
 * long (padding holds zeros), and on pixel values 0..255 (the division by 255 is the caller's).
 * Every hidden unit is computed on its own, never by a sum across units, as one chain of fused
 * multiply-adds from +0: Z1 over a row's pixels in increasing pixel order, dW1 over a pixel's
 * training rows in increasing row order. That order is fixed by the data alone, so an
 * implementation that handles many units at once (SIMD lanes) gives the same bits as one that
 * handles one at a time, on any vector width: that is what lets {@link SparseKernel} choose
 * freely.
 *
 * <p>The loops walk the block's pixel-major copy ({@link Block#groupRow}), whose entries carry
 * the values of four neighbouring pixels, zeros included, so that a row of weights (forward) or
 * of dZ1 (backward) loaded once feeds four multiply-adds. A multiply-add of a zero pixel leaves
 * a chain as it was: the product is ±0, and a chain that starts at +0 never becomes −0 (a sum is
 * −0 only when both terms are). So the chains are exactly those over the non-zero pixels alone,
 * whatever zeros a group adds, for any finite weights ({@code PixelLoopsTest} holds every
 * implementation to the plain chain).
 */
interface PixelLoops {

    /** Row length of the pixel-major copies: the hidden units, padded. */
    int paddedHidden();

    /**
     * {@code z[r][h] = Σ pixel·w1t[pixel index][h]} over each row {@code r}'s non-zero pixels,
     * one chain in pixel order, for every row of the block; {@code z} is row-major from
     * {@code zAt}, {@link #paddedHidden} a row (its {@code rows × paddedHidden} entries from
     * {@code zAt} are overwritten). Rows that begin on a cache line are faster ({@link CacheLines}).
     */
    void forward(Block block, double[] w1t, double[] z, int zAt);

    /**
     * {@code dw1t[p][h] = Σ pixel·dz[r][h]} over the block's training rows {@code r} in which
     * pixel {@code p} is non-zero, one chain in row order (every entry is written, 0 where no row
     * touches the pixel); {@code dz} is row-major from {@code dzAt}, {@link #paddedHidden} a row.
     */
    void backward(Block block, double[] dz, int dzAt, double[] dw1t);

    /** {@code n} rounded up to whole vectors: the length of every array {@link #axpy} runs over. */
    int padded(int n);

    /**
     * {@code y[yAt + i] = fma(x[xAt + i], s, y[yAt + i])} for i in [0, n), {@code n} padded: the
     * lane-wise step of the small layers (Z2 unit by unit over class lanes; dW2 and dZ1 class by
     * class over unit lanes), each lane on its own, so again the width never changes the bits.
     */
    void axpy(double s, double[] x, int xAt, double[] y, int yAt, int n);

    /**
     * {@code count} steps of {@link #axpy} in a row, step {@code j} scaling
     * {@code x[xAt + j·stride ..]} by {@code s[j]}: the same chain in each lane and the same bits
     * as {@code count} calls, but each lane's sum stays in a register from step to step instead
     * of going through memory. Z2 = W2·A1 + b2 (unit by unit over class lanes) and dZ1 = W2ᵀ·dZ2
     * (class by class over unit lanes) are such chains.
     */
    void axpys(double[] s, int count, double[] x, int xAt, int stride, double[] y, int yAt, int n);

    /**
     * The hidden layer of one row, lane by lane over {@code n} units (padded):
     * {@code z[at + i] = z[at + i] / 255 + b1[i]} (Z1 from the pixel sums) and
     * {@code a1[i] = max(z[at + i], 0)} (ReLU). Written once for each width, so that no JIT has to
     * find the vectors, and without a branch on the sign, which no predictor can guess.
     */
    void hiddenLayer(double[] z, int at, double[] b1, double[] a1, int n);

    /**
     * ReLU's gradient for one row, lane by lane: {@code z[at + i] = z[at + i] > 0 ? dz[i] : 0}
     * (dZ1 replaces Z1) and {@code db1[i] += } that, without a branch on the sign.
     */
    void reluGradient(double[] z, int at, double[] dz, double[] db1, int n);

    /**
     * Whether the JVM was started with {@code --add-modules=jdk.incubator.vector} (spark-submit's
     * executors are; a plain {@code java} is not unless told). Asked before {@link VectorPixelLoops}
     * is first touched, since loading it without the module fails.
     */
    static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }
}
