package digitnet.cli;

import digitnet.UserError;
import digitnet.data.TrainingData;
import digitnet.model.Checkpoint;
import digitnet.model.Model;
import digitnet.model.RunRecord;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import digitnet.report.LearningCurve;
import digitnet.report.Png;
import digitnet.train.EarlyStopping;
import digitnet.train.Init;
import digitnet.train.IterationMetrics;
import digitnet.train.LearningRate;
import digitnet.train.Optimizer;
import digitnet.train.OptimizerSettings;
import digitnet.train.Trainer;
import digitnet.train.TrainSettings;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code digitnet train}: reads labelled digits, trains, writes model.npz, metrics.csv, run.json
 * and learning-curve.png. Progress shows as a bar on a terminal, as plain lines otherwise.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the network on labelled digits (Kaggle train.csv format).",
        footer = "%nDefaults come from conf/digitnet.properties (the notebook's settings); "
                + "--conf FILE overrides them and flags override both. Presets: "
                + "conf/notebook.properties (the notebook exactly), conf/best.properties (the best found).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "PATH",
            description = "Labelled CSV (.csv or .csv.gz), or a folder of them; any Hadoop path. Required "
                    + "unless resuming.")
    String data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/<timestamp>).")
    Path out;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Settings file overriding conf/digitnet.properties.")
    Path conf;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden ReLU units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--learning-rate", paramLabel = "A", description = "Step size alpha, where --lr-schedule starts; unused by lbfgs (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--iterations", paramLabel = "N", description = "Updates; an lbfgs step with its line search counts as one (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--dev-rows", paramLabel = "N",
            description = "Rows held out as dev set, chosen with the seed; 0 for none (default: ${DEFAULT-VALUE}).")
    int devRows;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the dev split and starting weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Spark partitions of the cached data (default: Spark's default parallelism). The model does not depend on it.")
    Integer partitions;

    @Option(names = "--init", paramLabel = "KIND",
            description = "Starting weights: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Init init;

    @Option(names = "--init-from", paramLabel = "FILE.npz", description = "Start from these weights instead.")
    Path initFrom;

    @Option(names = "--optimizer", paramLabel = "KIND",
            description = "Update rule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OptimizerSettings.Kind optimizer;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "Momentum of momentum and nesterov, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--beta1", paramLabel = "B", description = "Adam's decay of the gradient mean, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--beta2", paramLabel = "B", description = "Adam's decay of the squared gradient mean, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--epsilon", paramLabel = "E", description = "Adam's guard against division by ~0 (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--lbfgs-history", paramLabel = "N",
            description = "Step pairs L-BFGS remembers (default: ${DEFAULT-VALUE}).")
    int lbfgsHistory;

    @Option(names = "--weight-decay", paramLabel = "L",
            description = "L2 penalty L/2*(|W1|^2 + |W2|^2) added to the loss; 0 for none (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--lr-schedule", paramLabel = "S",
            description = "Learning rate over the run: ${COMPLETION-CANDIDATES}; not for lbfgs, whose line search picks the step (default: ${DEFAULT-VALUE}).")
    LearningRate.Schedule lrSchedule;

    @Option(names = "--lr-step-every", paramLabel = "N",
            description = "step: iterations between decays (default: ${DEFAULT-VALUE}).")
    int lrStepEvery;

    @Option(names = "--lr-step-factor", paramLabel = "F",
            description = "step: what each decay multiplies the rate by (default: ${DEFAULT-VALUE}).")
    double lrStepFactor;

    @Option(names = "--lr-min", paramLabel = "A",
            description = "cosine, warmup-cosine: the rate at the last iteration (default: ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-warmup", paramLabel = "N",
            description = "warmup-cosine: iterations of linear growth to --learning-rate (default: ${DEFAULT-VALUE}).")
    int lrWarmup;

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N iterations without a better dev score, and save the best model instead "
                    + "of the last; 0 trains all iterations and saves the last (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--min-delta", paramLabel = "D",
            description = "The least dev improvement that counts for --patience (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--early-stop-metric", paramLabel = "M",
            description = "The dev score of --patience: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EarlyStopping.Metric earlyStopMetric;

    @Option(names = "--eval-every", paramLabel = "K", description = "Progress line every K iterations when output is not a terminal, which gets a progress bar (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: the one spark-submit gives, else local[*]).")
    String master;

    @Option(names = "--quiet", description = "Print nothing but errors and warnings: for scripts.")
    boolean quiet;

    @Option(names = "--checkpoint-every", paramLabel = "K",
            description = "Save a checkpoint into the output folder every K iterations and at the end; "
                    + "0 for none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run in DIR from its last checkpoint, with its data and settings "
                    + "unless flags say otherwise; writes into DIR.")
    Path resume;

    @Option(names = "--force", description = "Resume although the data or settings differ from the "
            + "checkpoint's, or start over in an output folder that holds a checkpoint.")
    boolean force;

    /**
     * Options that change how a run goes but not the model it makes. Every other option is a
     * setting recorded in checkpoints, which a resumed run must match unless forced; the data is
     * matched by its checksum instead of its path.
     */
    private static final Set<String> RUN_OPTIONS = Set.of("--data", "--out", "--conf", "--partitions",
            "--eval-every", "--master", "--quiet", "--checkpoint-every", "--resume", "--force", "--help", "--version");

    @Override
    public Integer call() {
        checkSettings();
        TrainSettings settings = settings();
        Path outDir = outputFolder();
        Map<String, String> recorded = recordedSettings();
        Checkpoint resumed = resume != null ? Checkpoint.read(resume) : null;
        if (resumed != null) {
            Checkpoints.checkSettings(resume, resumed, recorded, hidden, iterations, force);
        } else {
            Checkpoints.checkFreshStart(outDir, force);
        }
        Layout layout = new Layout(hidden);
        Trainer.Progress start = resumed != null ? resumed.progress() : Trainer.Progress.start(startingWeights(layout));
        PrintWriter console = quiet ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getOut();

        SparkSession spark = SparkSessions.getOrStart(master);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long loadStart = System.nanoTime();
        TrainingData train = TrainingData.load(spark, data, devRows, seed,
                partitions != null ? partitions : sc.defaultParallelism());
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        console.printf("digitnet: %d training rows, %d dev rows in %d blocks over %d partitions, "
                        + "%.2f bytes a pixel cached; loaded in %.1f s%n",
                train.trainRows(), train.devRows(), train.blockCount(), train.partitions(),
                train.cachedBytes() / (train.rows() * (double) Layout.PIXELS), loadSeconds);
        if (resumed != null) {
            Checkpoints.checkData(resume, resumed, train, data, force);
            console.printf("digitnet: resuming %s at iteration %d of %d%n", resume, start.iteration(), iterations);
        } else if (force) {
            Checkpoint.delete(outDir);
        }

        Trainer trainer = new Trainer(sc, train, layout, new SparseKernel(), settings.weightDecay());
        Optimizer optimizer = settings.newOptimizer(trainer.objective(), layout.size());
        if (resumed != null) {
            Checkpoints.restore(resume, resumed, optimizer);
        }
        Checkpoints checkpoints = new Checkpoints(outDir, checkpointEvery, iterations, layout, optimizer::state,
                new Checkpoint.Data(data, train.rows(), train.checksum()), recorded, resumed);
        long trainStart = System.nanoTime();
        Trainer.Result result;
        try {
            result = trainer.train(start, settings, optimizer,
                    Trainer.Listener.all(progress(console, trainStart), checkpoints));
        } catch (Trainer.Diverged e) {
            throw new UserError(e.getMessage() + "; " + checkpoints.afterDivergence());
        } finally {
            train.blocks().unpersist(false);
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;

        RunRecord record = new RunRecord(settings, data, initFrom, train, result, spark.version(),
                loadSeconds, trainSeconds);
        record.write(outDir, new Model(layout, result.params()));
        writeLearningCurve(outDir);
        if (result.stoppedEarly()) {
            console.printf("stopped early at iteration %d: no better %s for %d iterations%n",
                    result.last().iteration(), earlyStopMetric, patience);
        }
        IterationMetrics saved = result.saved();
        console.printf("%s: loss %.4f, train accuracy %.4f, dev accuracy %.4f%nwrote %s%n",
                saved == result.last() ? "final" : "best on dev (iteration " + saved.iteration() + ")",
                saved.loss(), saved.trainAccuracy(), saved.devAccuracy(), outDir.resolve(Model.FILE_NAME));
        return 0;
    }

    /** A bar on a terminal, where it can redraw its line; plain lines for a log or a pipe. */
    private Trainer.Listener progress(PrintWriter console, long trainStart) {
        return System.console() != null ? new ProgressBar(console, trainStart, System::nanoTime)
                : new ConsoleProgress(console, evalEvery, trainStart);
    }

    /**
     * Draws metrics.csv once the run's outputs are safe: a picture that cannot be drawn (a
     * machine without fonts) is worth a warning, not the failure of a finished run.
     */
    private void writeLearningCurve(Path outDir) {
        try {
            Png.write(outDir.resolve(LearningCurve.FILE_NAME), Png.render(LearningCurve.FILE_NAME,
                    () -> LearningCurve.draw(outDir.resolve(RunRecord.METRICS_FILE))));
        } catch (UserError e) {
            spec.commandLine().getErr().println("warning: " + e.getMessage());
        }
    }

    /** The run folder: the resumed run's own, else --out, else a new one named by the time. */
    private Path outputFolder() {
        if (resume != null) {
            if (out != null && !out.toAbsolutePath().normalize().equals(resume.toAbsolutePath().normalize())) {
                throw new UserError("--resume continues the run in its own folder " + resume + "; drop --out " + out, 2);
            }
            return resume;
        }
        Path outDir = out != null ? out : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UserError(outDir + ": --out exists and is not a folder", 2);
        }
        return outDir;
    }

    /** The settings a checkpoint records: every option but {@link #RUN_OPTIONS}, as picocli reads them back. */
    private Map<String, String> recordedSettings() {
        Map<String, String> recorded = new TreeMap<>();
        for (OptionSpec option : spec.options()) {
            if (!RUN_OPTIONS.contains(option.longestName()) && option.getValue() != null) {
                recorded.put(Defaults.key(option), String.valueOf((Object) option.getValue()));
            }
        }
        return recorded;
    }

    private void checkSettings() {
        require(hidden > 0, "--hidden must be at least 1, not " + hidden);
        require(learningRate > 0 && Double.isFinite(learningRate),
                "--learning-rate must be a positive number, not " + learningRate);
        require(iterations >= 0, "--iterations must be 0 or more, not " + iterations);
        require(devRows >= 0, "--dev-rows must be 0 or more, not " + devRows);
        require(partitions == null || partitions > 0, "--partitions must be at least 1, not " + partitions);
        require(evalEvery > 0, "--eval-every must be at least 1, not " + evalEvery);
        require(checkpointEvery >= 0, "--checkpoint-every must be 0 or more, not " + checkpointEvery);
        require(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1), not " + momentum);
        require(beta1 >= 0 && beta1 < 1, "--beta1 must be in [0, 1), not " + beta1);
        require(beta2 >= 0 && beta2 < 1, "--beta2 must be in [0, 1), not " + beta2);
        require(epsilon > 0 && Double.isFinite(epsilon), "--epsilon must be a positive number, not " + epsilon);
        require(lbfgsHistory > 0, "--lbfgs-history must be at least 1, not " + lbfgsHistory);
        require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "--weight-decay must be 0 or a positive number, not " + weightDecay);
        require(lrStepEvery > 0, "--lr-step-every must be at least 1, not " + lrStepEvery);
        require(lrStepFactor > 0 && lrStepFactor <= 1, "--lr-step-factor must be in (0, 1], not " + lrStepFactor);
        require(lrMin >= 0 && lrMin <= learningRate,
                "--lr-min must be in [0, --learning-rate " + learningRate + "], not " + lrMin);
        require(lrSchedule != LearningRate.Schedule.WARMUP_COSINE || lrWarmup > 0 && lrWarmup < iterations,
                "--lr-warmup must be at least 1 and less than --iterations " + iterations + ", not " + lrWarmup);
        require(optimizer != OptimizerSettings.Kind.LBFGS || lrSchedule == LearningRate.Schedule.CONSTANT,
                "--lr-schedule " + lrSchedule + " does not apply to --optimizer lbfgs, whose line search "
                        + "chooses each step; use --lr-schedule constant");
        require(patience >= 0, "--patience must be 0 or more, not " + patience);
        require(minDelta >= 0 && Double.isFinite(minDelta), "--min-delta must be 0 or a positive number, not " + minDelta);
        require(patience == 0 || devRows > 0, "--patience needs dev rows to watch; set --dev-rows above 0");
        require(patience == 0 || resume == null, "--patience does not go with --resume yet: a checkpoint "
                + "does not hold the best weights on dev seen before it");
        require(data != null, "--data PATH is required: the labelled digits to train on");
    }

    private TrainSettings settings() {
        return new TrainSettings(hidden, iterations, devRows, seed, init,
                new OptimizerSettings(optimizer, momentum, beta1, beta2, epsilon, lbfgsHistory),
                new LearningRate(lrSchedule, learningRate, iterations, lrStepEvery, lrStepFactor, lrMin, lrWarmup),
                weightDecay, new EarlyStopping(patience, minDelta, earlyStopMetric));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message, 2);
        }
    }

    private double[] startingWeights(Layout layout) {
        if (initFrom == null) {
            return init.draw(layout, seed);
        }
        Model start = Model.load(initFrom);
        if (start.layout().hidden() != hidden) {
            throw new UserError(initFrom + ": W1 has " + start.layout().hidden()
                    + " hidden units but --hidden is " + hidden + "; pass --hidden "
                    + start.layout().hidden());
        }
        return start.params();
    }
}
