package digitnet.train;

/**
 * Early stopping's memory during a run: the best dev score so far, the weights that had it,
 * and how many iterations have passed without a large enough improvement.
 */
final class BestOnDev {
    private final EarlyStopping rule;
    private double bestScore = Double.NEGATIVE_INFINITY;
    private int bestIteration = -1;
    private double[] bestWeights;
    private int sinceBest;

    BestOnDev(EarlyStopping rule) {
        this.rule = rule;
    }

    /** Takes the dev metrics of the weights {@code w} that iteration {@code iteration} starts from. */
    void offer(int iteration, double devAccuracy, double devLoss, double[] w) {
        if (!rule.enabled()) {
            return;
        }
        double score = rule.metric().score(devAccuracy, devLoss);
        if (score > bestScore + rule.minDelta() || bestIteration < 0) {
            bestScore = score;
            bestIteration = iteration;
            bestWeights = w.clone();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
    }

    boolean patienceExhausted() {
        return rule.enabled() && sinceBest >= rule.patience();
    }

    /** The iteration whose starting weights scored best, or −1 when early stopping is off. */
    int iteration() {
        return bestIteration;
    }

    double[] weights() {
        return bestWeights;
    }
}
