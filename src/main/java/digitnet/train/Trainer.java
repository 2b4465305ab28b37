package digitnet.train;

import digitnet.UserError;
import digitnet.data.TrainingData;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The full-batch gradient descent loop, run on the driver, as Spark's
 * {@code mllib/optimization/GradientDescent} is: broadcast, aggregate (gradient, loss, counts),
 * divide by m, update, record.
 */
public final class Trainer {

    /** Called on the driver as training advances. */
    public interface Listener {
        /** Called after each iteration with its metrics. */
        default void iterationDone(IterationMetrics metrics, int totalIterations) {}

        /**
         * Called with the weights reached after {@code progress.iteration()} steps once their own
         * forward pass has shown them finite, before the next step: the moment to checkpoint,
         * since resuming from such a state repeats no work and never starts from diverged weights.
         * The arrays are the trainer's own and change after the call returns.
         */
        default void verified(Progress progress) {}

        /** A listener that calls each of {@code listeners} in turn. */
        static Listener all(Listener... listeners) {
            return new Listener() {
                @Override
                public void iterationDone(IterationMetrics metrics, int totalIterations) {
                    for (Listener l : listeners) {
                        l.iterationDone(metrics, totalIterations);
                    }
                }

                @Override
                public void verified(Progress progress) {
                    for (Listener l : listeners) {
                        l.verified(progress);
                    }
                }
            };
        }
    }

    /**
     * Where a run stands: the weights after {@code iteration} steps and the metrics of those
     * steps. A fresh run starts from {@link #start}; a resumed one from its checkpoint.
     */
    public record Progress(int iteration, double[] params, List<IterationMetrics> history) {
        public static Progress start(double[] initial) {
            return new Progress(0, initial, List.of());
        }
    }

    /** The trained weights, one metrics row per iteration, and the metrics of the final weights. */
    public record Result(double[] params, List<IterationMetrics> history, IterationMetrics last) {}

    /**
     * Training diverged: the loss or gradient of the weights {@code iteration} started from is
     * not finite, or the mean loss is beyond {@link #MAX_LOSS}.
     */
    public static final class Diverged extends UserError {
        private static final long serialVersionUID = 1L;

        Diverged(int iteration, int iterations, String problem) {
            super((iteration < iterations ? "iteration " + iteration : "the final evaluation after iteration "
                    + (iteration - 1)) + ": " + problem + " (training diverged); try a smaller --learning-rate");
        }
    }

    /**
     * The largest mean loss of a run that has not diverged: −ln of the smallest double, about 744.4.
     * Beyond it some row's probability of its own label underflows to 0, so the notebook's
     * arithmetic (log of the softmax) would give an infinite loss. A huge learning rate such as
     * 1e6 gets here (ReLUs die and the output biases grow without bound) long before any value
     * overflows.
     */
    static final double MAX_LOSS = -Math.log(Double.MIN_VALUE);

    private final JavaSparkContext sc;
    private final TrainingData data;
    private final Layout layout;
    private final Kernel kernel;

    public Trainer(JavaSparkContext sc, TrainingData data, Layout layout, Kernel kernel) {
        this.sc = sc;
        this.data = data;
        this.layout = layout;
        this.kernel = kernel;
    }

    /** Trains from {@code start} (iteration 0, or a checkpoint's) up to {@code settings.iterations()}. */
    public Result train(Progress start, TrainSettings settings, Optimizer optimizer, Listener listener) {
        double[] w = start.params().clone();
        List<IterationMetrics> history = new ArrayList<>(start.history());
        double m = data.trainRows();
        int total = settings.iterations();
        for (int it = start.iteration(); it < total; it++) {
            long begin = System.nanoTime();
            GradientSum sum = evaluate(w, it, total, "digitnet iteration " + (it + 1) + "/" + total);
            listener.verified(new Progress(it, w, history));
            optimizer.step(w, sum.gradient(1.0 / m), it);
            IterationMetrics metrics = metrics(it, sum, (System.nanoTime() - begin) / 1_000_000);
            history.add(metrics);
            listener.iterationDone(metrics, total);
        }
        GradientSum end = evaluate(w, total, total, "digitnet final evaluation");
        listener.verified(new Progress(total, w, history));
        return new Result(w, history, metrics(total, end, 0));
    }

    private GradientSum evaluate(double[] w, int iteration, int total, String description) {
        GradientSum sum = GradientJob.run(sc, data.blocks(), layout, kernel, w, description);
        if (sum.diverged()) {
            throw new Diverged(iteration, total, "the loss or gradient is not finite");
        }
        double loss = sum.trainLoss() / data.trainRows();
        if (loss > MAX_LOSS) {
            throw new Diverged(iteration, total, String.format("the mean loss is %.4g, beyond %.1f where the "
                    + "probability of a row's own label underflows to 0", loss, MAX_LOSS));
        }
        return sum;
    }

    private IterationMetrics metrics(int iteration, GradientSum sum, long millis) {
        return new IterationMetrics(iteration, sum.trainLoss() / data.trainRows(),
                (double) sum.trainCorrect() / data.trainRows(),
                (double) sum.devCorrect() / data.devRows(), millis);
    }
}
