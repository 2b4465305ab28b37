package digitnet.nn;

import digitnet.data.Block;

/**
 * Forward and backward pass of the two-layer network over one block.
 *
 * <p>Training rows get forward and backward; dev rows forward only (loss and correct count).
 * A kernel must add its rows in a fixed order that depends on the block alone, so that a block
 * gives the same bits wherever it runs: that is half of the reproducibility promise (exact
 * aggregation is the other half).
 */
public interface Kernel extends java.io.Serializable {

    /**
     * Prepares the weights for a run over many blocks (for example a transposed copy); the
     * returned pass is used by one thread.
     */
    Pass begin(double[] params, Layout layout);

    /**
     * Runs the kernel on made-up digits until the JIT has compiled it, so that the first real
     * job does not pay for that (SIMD code runs many times slower until compiled); the work is
     * thrown away. Only worth it in a JVM that will run passes: the driver in local mode.
     */
    default void warmUp(Layout layout) {}

    /** The kernel bound to one set of weights. */
    interface Pass {
        /** Adds the block's gradient sums, losses and correct counts into {@code out}. */
        void accumulate(Block block, BlockSums out);
    }
}
