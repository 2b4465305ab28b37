package digitnet.train;

import digitnet.UserError;
import digitnet.data.DevSet;
import digitnet.data.LabelledDigit;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.model.Model;
import digitnet.nn.Kernel;
import digitnet.nn.SparseKernel;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One training run, load → train, as a library call: what {@code digitnet train} and the Spark
 * ML stage both run, so that the same rows, dev set and settings give the same model bits
 * through either.
 *
 * <p>The run owns the cached blocks: they are released when it ends, however it ends (an error
 * in the data, a {@link UserError} from a listener's {@link Trainer.Listener#loaded} check,
 * divergence). Whatever a caller keeps of the run (a model file, metrics, checkpoints, a
 * progress bar) it keeps through its {@link Trainer.Listener} and the returned {@link Outcome};
 * the run itself writes nothing.
 *
 * <pre>{@code
 * TrainingRun run = new TrainingRun(settings, DevSet.seeded(1000, settings.seed()), partitions);
 * TrainingRun.Outcome done = run.onFile(spark, StoredDigits.at(spark, "data/train.csv"), run.fresh(),
 *         Trainer.Listener.NONE);
 * done.model();   done.history();   done.saved().iteration();   done.stoppedEarly();
 * }</pre>
 *
 * @param dev        which rows are dev rows: the seeded split, or the rows the caller marked
 * @param partitions Spark partitions of the cached blocks, or empty for a count from the input's size
 *                   ({@link TrainingData#INPUT_BYTES_PER_PARTITION}); the model does not depend on it
 */
public record TrainingRun(TrainSettings settings, DevSet dev, OptionalInt partitions, Kernel kernel) {

    /** What a run produced. */
    public record Outcome(Model model, Trainer.Result result, TrainingData data, double loadSeconds,
            double trainSeconds) {

        /** One metrics row per iteration run: loss, train and dev accuracy, dev loss, time, jobs. */
        public List<IterationMetrics> history() {
            return result.history();
        }

        /** The metrics of the model kept; {@code saved().iteration()} says which weights they are. */
        public IterationMetrics saved() {
            return result.saved();
        }

        /** The metrics of the weights the run ended with (the kept ones unless early stopping chose better). */
        public IterationMetrics last() {
            return result.last();
        }

        public boolean stoppedEarly() {
            return result.stoppedEarly();
        }
    }

    public TrainingRun {
        if (partitions.isPresent() && partitions.getAsInt() < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, not " + partitions.getAsInt());
        }
    }

    /** A run with the production kernel. */
    public TrainingRun(TrainSettings settings, DevSet dev, OptionalInt partitions) {
        this(settings, dev, partitions, new SparseKernel());
    }

    /** A run with the production kernel on {@code partitions} partitions. */
    public TrainingRun(TrainSettings settings, DevSet dev, int partitions) {
        this(settings, dev, OptionalInt.of(partitions));
    }

    /** Where a fresh run starts: iteration 0, the settings' starting weights. */
    public Trainer.Progress fresh() {
        return Trainer.Progress.start(settings.initialWeights());
    }

    /** Trains on the labelled digits stored at {@code data} (a file or folder in any format, on any Hadoop path). */
    public Outcome onFile(SparkSession spark, StoredDigits data, Trainer.Progress start, Trainer.Listener listener) {
        return run(spark, () -> TrainingData.load(spark, data, dev, settings.augmentation(), partitions), start, listener);
    }

    /**
     * Trains on rows already in Spark, such as the Spark ML stage builds from a DataFrame; the
     * same rows as a file's give the same blocks and so the same model.
     *
     * @param source names the rows in errors
     */
    public Outcome onRows(SparkSession spark, String source, JavaRDD<LabelledDigit> rows, Trainer.Progress start,
            Trainer.Listener listener) {
        return run(spark, () -> TrainingData.of(spark, source, rows, dev, settings.augmentation(), partitions), start, listener);
    }

    private Outcome run(SparkSession spark, Supplier<TrainingData> load, Trainer.Progress start,
            Trainer.Listener listener) {
        long loadStart = System.nanoTime();
        try (TrainingData data = load.get()) {
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            listener.loaded(data, loadSeconds);
            if (settings.earlyStopping().enabled() && data.devRows() == 0) {
                throw new UserError("early stopping needs dev rows to watch, and there are none");
            }
            long trainStart = System.nanoTime();
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Trainer.Result result = new Trainer(sc, data, kernel).train(settings, start, listener);
            return new Outcome(new Model(settings.layout(), result.params()), result, data, loadSeconds,
                    (System.nanoTime() - trainStart) / 1e9);
        }
    }
}
