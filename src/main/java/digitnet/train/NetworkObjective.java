package digitnet.train;

import digitnet.data.TrainingData;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import java.util.Arrays;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The training objective on the cluster: the mean cross-entropy over the training rows plus the
 * L2 penalty λ/2·(‖W1‖² + ‖W2‖²) (biases are not penalised), and its gradient. Each new point
 * costs one gradient job, whose forward pass also measures the train and dev metrics.
 *
 * <p>It remembers the last point it evaluated: L-BFGS's line search evaluates the weights the
 * next iteration starts from, and the trainer then gets them without a second job (as Breeze's
 * {@code CachedDiffFunction} does for Spark MLlib's L-BFGS).
 */
final class NetworkObjective implements Objective {

    /**
     * The objective at {@code w}: the exact sums of the gradient job, and what follows from them.
     *
     * @param loss     the mean cross-entropy plus the L2 penalty: what the optimizer minimises
     * @param gradient the gradient of {@code loss}
     */
    record Evaluation(double[] w, GradientSum sums, long trainRows, long devRows, double loss,
            double[] gradient) {

        /** The mean cross-entropy on the training rows, without the penalty. */
        double trainLoss() {
            return sums.trainLoss() / trainRows;
        }

        double trainAccuracy() {
            return (double) sums.trainCorrect() / trainRows;
        }

        /** The mean cross-entropy on the dev rows; NaN without dev rows. */
        double devLoss() {
            return sums.devLoss() / devRows;
        }

        /** NaN without dev rows. */
        double devAccuracy() {
            return (double) sums.devCorrect() / devRows;
        }
    }

    private final JavaSparkContext sc;
    private final TrainingData data;
    private final Layout layout;
    private final Kernel kernel;
    private final double weightDecay;
    private Evaluation last;
    private String description = "digitnet";
    private int jobs;

    NetworkObjective(JavaSparkContext sc, TrainingData data, Layout layout, Kernel kernel,
            double weightDecay) {
        this.sc = sc;
        this.data = data;
        this.layout = layout;
        this.kernel = kernel;
        this.weightDecay = weightDecay;
    }

    /**
     * The objective at {@code w}; {@code description} names the Spark job if one runs, and the
     * line search's jobs until the next call.
     */
    Evaluation evaluate(double[] w, String description) {
        this.description = description;
        return evaluateAs(w, description);
    }

    /** For a line search: a point where the sums diverged is out of range (+∞), not an error. */
    @Override
    public Value at(double[] w) {
        Evaluation e = evaluateAs(w, description + ", line search");
        return new Value(e.sums().diverged() ? Double.POSITIVE_INFINITY : e.loss(), e.gradient());
    }

    private Evaluation evaluateAs(double[] w, String jobDescription) {
        if (last != null && Arrays.equals(last.w(), w)) {
            return last;
        }
        GradientSum sums = GradientJob.run(sc, data.blocks(), layout, kernel, w, jobDescription);
        jobs++;
        double[] gradient = sums.gradient(1.0 / data.trainRows());
        double loss = sums.trainLoss() / data.trainRows() + penalty(w, gradient);
        last = new Evaluation(w.clone(), sums, data.trainRows(), data.devRows(), loss, gradient);
        return last;
    }

    /** Gradient jobs run so far. */
    int jobs() {
        return jobs;
    }

    /** Adds λ·W to the gradient of W1 and W2 and returns λ/2·‖W‖². */
    private double penalty(double[] w, double[] gradient) {
        if (weightDecay == 0) {
            return 0;
        }
        double squares = 0;
        for (int[] range : new int[][] {{layout.w1(), layout.b1()}, {layout.w2(), layout.b2()}}) {
            for (int i = range[0]; i < range[1]; i++) {
                gradient[i] += weightDecay * w[i];
                squares += w[i] * w[i];
            }
        }
        return weightDecay / 2 * squares;
    }
}
