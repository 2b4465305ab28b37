package digitnet.train;

import digitnet.UserError;
import digitnet.data.TrainingData;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The full-batch training loop, run on the driver, as Spark's
 * {@code mllib/optimization/GradientDescent} is: broadcast, aggregate (gradient, loss, counts),
 * divide by m, update, record. The optimizer decides the update; everything else is the same
 * for all of them.
 */
public final class Trainer {

    /** Called on the driver as training advances. */
    public interface Listener {
        /**
         * Called once the rows are loaded, validated and cached, before the first iteration; a
         * {@link UserError} thrown here (say, rows that do not match a checkpoint's) ends the run
         * with the cached rows released.
         */
        default void loaded(TrainingData data, double loadSeconds) {}

        /** Called after each iteration with its metrics. */
        default void iterationDone(IterationMetrics metrics, int totalIterations) {}

        /**
         * Called with the weights reached after {@code progress.iteration()} steps once their own
         * forward pass has shown them finite, before the next step: the moment to checkpoint,
         * since resuming from such a state repeats no work and never starts from diverged weights.
         * The arrays are the trainer's own and change after the call returns.
         */
        default void verified(Progress progress) {}

        /** A listener that does nothing. */
        Listener NONE = new Listener() {};

        /** A listener that calls each of {@code listeners} in turn. */
        static Listener all(Listener... listeners) {
            return new Listener() {
                @Override
                public void loaded(TrainingData data, double loadSeconds) {
                    for (Listener l : listeners) {
                        l.loaded(data, loadSeconds);
                    }
                }

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
     * Where a run stands: the weights after {@code iteration} steps, the metrics of those steps
     * and the optimizer's state ({@link Optimizer#state()}). A fresh run starts from
     * {@link #start}; a resumed one from its checkpoint.
     */
    public record Progress(int iteration, double[] params, List<IterationMetrics> history,
            Map<String, double[]> optimizerState) {
        /** Iteration 0 at {@code initial}, with a fresh optimizer. */
        public static Progress start(double[] initial) {
            return new Progress(0, initial, List.of(), Map.of());
        }
    }

    /**
     * What a run produced.
     *
     * @param params       the weights to save: the last ones, or with early stopping the best on dev
     * @param history      one metrics row per iteration run
     * @param saved        the metrics of {@code params}; its iteration says which weights they are
     * @param last         the metrics of the last weights
     * @param stoppedEarly whether early stopping ended the run before its last iteration
     */
    public record Result(double[] params, List<IterationMetrics> history, IterationMetrics saved,
            IterationMetrics last, boolean stoppedEarly) {}

    /**
     * Training diverged: the loss or gradient of the weights {@code iteration} started from is
     * not finite, or the mean loss is beyond {@link #MAX_LOSS}.
     */
    public static final class Diverged extends UserError {
        private static final long serialVersionUID = 1L;

        Diverged(int iteration, int iterations, String problem) {
            super((iteration < iterations ? "iteration " + iteration : "the final evaluation after iteration "
                    + (iteration - 1)) + ": " + problem + " (training diverged)");
        }
    }

    /** The optimizer state a run was to start from does not fit its optimizer (another kind, or another size). */
    public static final class IncompatibleState extends UserError {
        private static final long serialVersionUID = 1L;

        IncompatibleState(String problem) {
            super(problem);
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
    private final Kernel kernel;

    public Trainer(JavaSparkContext sc, TrainingData data, Kernel kernel) {
        this.sc = sc;
        this.data = data;
        this.kernel = kernel;
    }

    /**
     * Trains from {@code start} (iteration 0, or a checkpoint's) up to {@code settings.iterations()},
     * fewer when early stopping ends the run. The weights after the last update are evaluated too
     * (iteration {@code iterations}), so they can be the best.
     */
    public Result train(TrainSettings settings, Progress start, Listener listener) {
        Layout layout = settings.layout();
        if (start.params().length != layout.size()) {
            throw new IllegalArgumentException(start.params().length + " starting weights for " + layout);
        }
        if (sc.isLocal()) {
            // Tasks run in this JVM: compile their code now, or the first iteration takes many times the others.
            GradientJob.warmUp(layout, kernel);
        }
        NetworkObjective objective = new NetworkObjective(sc, data, layout, kernel, settings.weightDecay());
        Optimizer optimizer = settings.newOptimizer();
        try {
            if (start.iteration() > 0 || !start.optimizerState().isEmpty()) {   // not a fresh start
                optimizer.restore(start.optimizerState());
            }
        } catch (IllegalArgumentException e) {
            throw new IncompatibleState(e.getMessage());
        }
        double[] w = start.params().clone();
        List<IterationMetrics> history = new ArrayList<>(start.history());
        int total = settings.iterations();
        BestOnDev best = new BestOnDev(settings.earlyStopping());
        Started now = start(start.iteration(), total, w, Optional.empty(), objective, optimizer, history, best, listener);
        for (int it = start.iteration(); it < total && !best.patienceExhausted(); it++) {
            String searchJobs = jobName(it, total) + ", line search";
            Objective<NetworkObjective.Evaluation> lineSearch = point -> objective.evaluate(point, searchJobs);
            Optional<NetworkObjective.Evaluation> next = optimizer.step(w, now.at(), lineSearch, it);
            IterationMetrics metrics = now.metrics(objective.jobs());
            history.add(metrics);
            listener.iterationDone(metrics, total);
            now = start(it + 1, total, w, next, objective, optimizer, history, best, listener);
        }
        return result(w, history, now.metrics(objective.jobs()), best, now.iteration() < total);
    }

    /** An iteration under way: the evaluation of the weights it starts from, and when and after how many jobs it began. */
    private record Started(int iteration, NetworkObjective.Evaluation at, long beginNanos, int jobsBefore) {
        IterationMetrics metrics(int jobsNow) {
            return new IterationMetrics(iteration, at.trainLoss(), at.trainAccuracy(), at.devAccuracy(),
                    (System.nanoTime() - beginNanos) / 1_000_000, at.devLoss(), jobsNow - jobsBefore);
        }
    }

    /**
     * Begins iteration {@code it} at the weights {@code w}: their loss and gradient (one gradient
     * job, broadcast, aggregate, divide by m, unless the optimizer's step already evaluated
     * them), checked finite; then the listener's checkpoint moment, and the dev score for early
     * stopping, both before the step changes {@code w}.
     */
    private static Started start(int it, int total, double[] w, Optional<NetworkObjective.Evaluation> known,
            NetworkObjective objective, Optimizer optimizer, List<IterationMetrics> history, BestOnDev best,
            Listener listener) {
        long begin = System.nanoTime();
        int jobsBefore = objective.jobs();
        NetworkObjective.Evaluation at = checked(known.orElseGet(() -> objective.evaluate(w, jobName(it, total))),
                it, total);
        listener.verified(new Progress(it, w, history, optimizer.state()));
        best.offer(it, at.devAccuracy(), at.devLoss(), w);
        return new Started(it, at, begin, jobsBefore);
    }

    private static String jobName(int iteration, int total) {
        return iteration == total ? "digitnet final evaluation" : "digitnet iteration " + (iteration + 1) + "/" + total;
    }

    /** The last weights, or with early stopping the best on dev, which may be the last. */
    private static Result result(double[] last, List<IterationMetrics> history, IterationMetrics lastMetrics,
            BestOnDev best, boolean stoppedEarly) {
        boolean keepBest = best.iteration() >= 0 && best.iteration() < lastMetrics.iteration();
        return keepBest
                ? new Result(best.weights(), history, history.get(best.iteration()), lastMetrics, stoppedEarly)
                : new Result(last, history, lastMetrics, lastMetrics, stoppedEarly);
    }

    private static NetworkObjective.Evaluation checked(NetworkObjective.Evaluation at, int iteration, int total) {
        if (at.sums().diverged()) {
            throw new Diverged(iteration, total, "the loss or gradient is not finite");
        }
        if (at.trainLoss() > MAX_LOSS) {
            throw new Diverged(iteration, total, String.format("the mean loss is %.4g, beyond %.1f where the "
                    + "probability of a row's own label underflows to 0", at.trainLoss(), MAX_LOSS));
        }
        return at;
    }
}
