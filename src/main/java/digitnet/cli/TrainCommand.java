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
import digitnet.train.GradientDescent;
import digitnet.train.Init;
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
                + "--conf FILE overrides them and flags override both.")
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

    @Option(names = "--learning-rate", paramLabel = "A", description = "Step size alpha (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--iterations", paramLabel = "N", description = "Gradient steps (default: ${DEFAULT-VALUE}).")
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
    InitChoice init;

    @Option(names = "--init-from", paramLabel = "FILE.npz", description = "Start from these weights instead.")
    Path initFrom;

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

    /** Lower-case names for the command line; {@link Init} keeps Java's constant style. */
    enum InitChoice {
        uniform(Init.UNIFORM), he(Init.HE);

        final Init init;

        InitChoice(Init init) {
            this.init = init;
        }
    }

    @Override
    public Integer call() {
        TrainSettings settings = new TrainSettings(hidden, learningRate, iterations, devRows, seed, init.init);
        checkSettings();
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

        GradientDescent optimizer = new GradientDescent(learningRate);
        Checkpoints checkpoints = new Checkpoints(outDir, checkpointEvery, iterations, layout, Map::of,
                new Checkpoint.Data(data, train.rows(), train.checksum()), recorded, resumed);
        long trainStart = System.nanoTime();
        Trainer.Result result;
        try {
            result = new Trainer(sc, train, layout, new SparseKernel()).train(start, settings, optimizer,
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
        console.printf("final: loss %.4f, train accuracy %.4f, dev accuracy %.4f%nwrote %s%n",
                result.last().loss(), result.last().trainAccuracy(), result.last().devAccuracy(),
                outDir.resolve(Model.FILE_NAME));
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
        require(data != null, "--data PATH is required: the labelled digits to train on");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message, 2);
        }
    }

    private double[] startingWeights(Layout layout) {
        if (initFrom == null) {
            return init.init.draw(layout, seed);
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
