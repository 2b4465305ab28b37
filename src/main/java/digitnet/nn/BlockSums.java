package digitnet.nn;

import java.util.Arrays;

/**
 * What one block contributes to an iteration, before dividing by m (Σ wᵢ with sample weights):
 * the gradient summed over the block's training rows (laid out as {@link Layout}), the summed
 * cross-entropy of its train and dev rows, each row's terms times its weight, and how many of
 * each it classified correctly (counted as rows, whatever their weight).
 *
 * <p>Kernels add into it ({@code +=}); the caller clears it between blocks.
 */
public final class BlockSums {
    public final double[] gradient;
    public double trainLoss;
    public double devLoss;
    public long trainCorrect;
    public long devCorrect;

    public BlockSums(Layout layout) {
        gradient = new double[layout.size()];
    }

    public void clear() {
        Arrays.fill(gradient, 0.0);
        trainLoss = 0;
        devLoss = 0;
        trainCorrect = 0;
        devCorrect = 0;
    }
}
