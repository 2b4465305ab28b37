package digitnet.ml;

import digitnet.train.IterationMetrics;
import java.util.List;

/**
 * What a {@code fit} recorded: one row per iteration as {@code metrics.csv} has them (the loss,
 * train and dev accuracy and dev loss of the weights each iteration started from), which
 * iteration's weights the model holds, and whether early stopping ended the run.
 *
 * @param history      one row per iteration run
 * @param saved        the metrics of the weights the model holds; its iteration says which they
 *                     are: the last ({@code maxIter}) or, with patience, the best on dev
 * @param last         the metrics of the last weights
 * @param stoppedEarly whether patience ran out before {@code maxIter}
 * @param trainRows    rows trained on
 * @param devRows      rows held out as the dev set
 */
public record DigitNetTrainingSummary(List<IterationMetrics> history, IterationMetrics saved,
        IterationMetrics last, boolean stoppedEarly, long trainRows, long devRows) {

    /** The iteration whose starting weights the model holds. */
    public int savedIteration() {
        return saved.iteration();
    }

    public int iterations() {
        return history.size();
    }

    public double[] loss() {
        return history.stream().mapToDouble(IterationMetrics::loss).toArray();
    }

    public double[] trainAccuracy() {
        return history.stream().mapToDouble(IterationMetrics::trainAccuracy).toArray();
    }

    /** NaN at every iteration without dev rows. */
    public double[] devAccuracy() {
        return history.stream().mapToDouble(IterationMetrics::devAccuracy).toArray();
    }

    /** NaN at every iteration without dev rows. */
    public double[] devLoss() {
        return history.stream().mapToDouble(IterationMetrics::devLoss).toArray();
    }
}
