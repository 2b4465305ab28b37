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

    /** Called after every iteration, on the driver. */
    public interface Listener {
        void iterationDone(IterationMetrics metrics, int totalIterations);
    }

    /** The trained weights, one metrics row per iteration, and the metrics of the final weights. */
    public record Result(double[] params, List<IterationMetrics> history, IterationMetrics last) {}

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

    public Result train(double[] initial, TrainSettings settings, Optimizer optimizer, Listener listener) {
        double[] w = initial.clone();
        List<IterationMetrics> history = new ArrayList<>();
        double m = data.trainRows();
        for (int it = 0; it < settings.iterations(); it++) {
            long start = System.nanoTime();
            GradientSum sum = evaluate(w, "digitnet iteration " + (it + 1) + "/" + settings.iterations());
            optimizer.step(w, sum.gradient(1.0 / m), it);
            IterationMetrics metrics = metrics(it, sum, (System.nanoTime() - start) / 1_000_000);
            history.add(metrics);
            listener.iterationDone(metrics, settings.iterations());
        }
        GradientSum end = evaluate(w, "digitnet final evaluation");
        return new Result(w, history, metrics(settings.iterations(), end, 0));
    }

    private GradientSum evaluate(double[] w, String description) {
        GradientSum sum = GradientJob.run(sc, data.blocks(), layout, kernel, w, description);
        if (sum.diverged()) {
            throw new UserError(description + ": the loss or gradient is not finite (training"
                    + " diverged); try a smaller --learning-rate");
        }
        return sum;
    }

    private IterationMetrics metrics(int iteration, GradientSum sum, long millis) {
        return new IterationMetrics(iteration, sum.trainLoss() / data.trainRows(),
                (double) sum.trainCorrect() / data.trainRows(),
                (double) sum.devCorrect() / data.devRows(), millis);
    }
}
