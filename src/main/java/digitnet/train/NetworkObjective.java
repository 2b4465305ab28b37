package digitnet.train;

import digitnet.data.TrainingData;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The training objective on the cluster: the mean cross-entropy over the training rows, weighted by
 * their sample weights (Σ wᵢ·lossᵢ / Σ wᵢ, the plain mean when every row weighs 1), plus the
 * L2 penalty λ/2·(‖W1‖² + ‖W2‖²) (biases are not penalised), and its gradient. Each new point
 * costs one gradient job, whose forward pass also measures the train and dev metrics. It keeps
 * no memory of the points it evaluated: an optimizer that has evaluated the weights the next
 * iteration starts from hands that evaluation back to the loop ({@link Optimizer#step}).
 */
final class NetworkObjective {

    /**
     * The objective at {@code w}: the exact sums of the gradient job, and what follows from them.
     *
     * @param trainWeight   Σ wᵢ over the training rows ({@link TrainingData#trainWeight})
     * @param devWeight     Σ wᵢ over the dev rows
     * @param penalisedLoss the mean cross-entropy plus the L2 penalty
     * @param gradient      the gradient of the penalised loss
     */
    record Evaluation(GradientSum sums, long trainRows, long devRows, double trainWeight, double devWeight,
            double penalisedLoss, double[] gradient) implements Objective.Value {

        /** What the optimizer minimises; +∞ where the sums diverged, a point out of range for a line search. */
        @Override
        public double loss() {
            return sums.diverged() ? Double.POSITIVE_INFINITY : penalisedLoss;
        }

        /** The (weighted) mean cross-entropy on the training rows, without the penalty. */
        double trainLoss() {
            return sums.trainLoss() / trainWeight;
        }

        double trainAccuracy() {
            return (double) sums.trainCorrect() / trainRows;
        }

        /** The (weighted) mean cross-entropy on the dev rows; NaN without dev rows. */
        double devLoss() {
            return sums.devLoss() / devWeight;
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
    private int jobs;

    NetworkObjective(JavaSparkContext sc, TrainingData data, Layout layout, Kernel kernel,
            double weightDecay) {
        this.sc = sc;
        this.data = data;
        this.layout = layout;
        this.kernel = kernel;
        this.weightDecay = weightDecay;
    }

    /** The objective at {@code w}: one gradient job, named {@code description} in Spark's UI. */
    Evaluation evaluate(double[] w, String description) {
        GradientSum sums = GradientJob.run(sc, data, layout, kernel, w, description);
        jobs++;
        double[] gradient = sums.gradient(1.0 / data.trainWeight());
        double loss = sums.trainLoss() / data.trainWeight() + penalty(w, gradient);
        return new Evaluation(sums, data.trainRows(), data.devRows(), data.trainWeight(), data.devWeight(), loss,
                gradient);
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
