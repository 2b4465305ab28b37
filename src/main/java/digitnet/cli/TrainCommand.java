package digitnet.cli;

import digitnet.UserError;
import digitnet.data.DevSet;
import digitnet.data.TrainingData;
import digitnet.io.HadoopPath;
import digitnet.ml.DigitNetClassificationModel;
import digitnet.ml.SavedStage;
import digitnet.model.Model;
import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import digitnet.report.LearningCurve;
import digitnet.report.Png;
import digitnet.report.RunRecord;
import digitnet.train.Checkpoint;
import digitnet.train.Init;
import digitnet.train.InvalidSetting;
import digitnet.train.IterationMetrics;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import digitnet.train.TrainingRun;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code digitnet train}: the command line of a {@link TrainingRun}. It reads the settings (the
 * network's here, the rest grouped in mixins, each giving its settings record), runs the
 * training, and keeps the run in a folder: model.npz, metrics.csv, run.json,
 * learning-curve.png and checkpoints. Progress shows as a bar on a terminal, as plain lines
 * otherwise.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the network on labelled digits (Kaggle's train.csv, LIBSVM or Parquet).",
        footer = "%nDefaults come from conf/digitnet.properties (the notebook's settings); "
                + "--conf FILE overrides them and flags override both. Presets: "
                + "conf/notebook.properties (the notebook exactly), conf/best.properties (the best found), "
                + "conf/augmented.properties (the best found, with deformed copies).")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin(name = "run")
    RunOptions run;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden ReLU units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--iterations", paramLabel = "N", description = "Updates; an lbfgs step with its line search counts as one (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--dev-rows", paramLabel = "N",
            description = "Rows held out as dev set, chosen with the seed; 0 for none (default: ${DEFAULT-VALUE}).")
    int devRows;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the dev split and starting weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--init", paramLabel = "KIND",
            description = "Starting weights: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Init init;

    @Option(names = "--init-from", paramLabel = "FILE.npz", description = "Start from these weights instead.")
    Path initFrom;

    @Option(names = "--weight-decay", paramLabel = "L",
            description = "L2 penalty L/2*(|W1|^2 + |W2|^2) added to the loss; 0 for none (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--augment", paramLabel = "K", description = "Each training row also trains as K deformed "
            + "copies (rotation, scale, shear, shift), made as the data is cached; dev rows never (default: ${DEFAULT-VALUE}).")
    int augment;

    @Option(names = "--augment-elastic", negatable = true, description = "Add Simard's elastic distortion to the copies' deformation (default: ${DEFAULT-VALUE}).")
    boolean augmentElastic;

    @Mixin
    OptimizerOptions optimizer;

    @Mixin
    ScheduleOptions schedule;

    @Mixin
    EarlyStoppingOptions earlyStopping;

    private Defaults defaults;

    /** The kernel of the gradient jobs; a test puts a faulty one here to show that retries change nothing. */
    Kernel kernel = new SparseKernel();

    /** The defaults of this command's options, which it reads once through {@link Defaults#load()}. */
    Defaults defaults(Map<String, String> environment) {
        defaults = new Defaults(spec, () -> run.conf, () -> run.resume, environment);
        return defaults;
    }

    @Override
    public Integer call() {
        Checkpoint resumed = defaults.load().resumed();
        TrainSettings settings = settings();
        require(devRows >= 0, "--dev-rows must be 0 or more, not " + devRows);
        require(!settings.earlyStopping().enabled() || devRows > 0,
                "--patience needs dev rows to watch; set --dev-rows above 0");
        require(!settings.earlyStopping().enabled() || run.resume == null, "--patience does not go with --resume "
                + "yet: a checkpoint does not hold the best weights on dev seen before it");
        run.check();
        Path outDir = run.outputFolder();
        RunLock claim = RunLock.claim(outDir);
        try (claim; Interruption interruption = Interruption.onSigint(SparkSessions::cancelJobs)) {
            return trainIn(outDir, settings, resumed, interruption);
        }
    }

    /** The run in its claimed folder; Ctrl-C ends it with {@link Interruption#EXIT_STATUS}, saying how to go on. */
    private int trainIn(Path outDir, TrainSettings settings, Checkpoint resumed, Interruption interruption) {
        Map<String, String> recorded = recordedSettings();
        if (resumed != null) {
            Checkpoints.checkSettings(run.resume, resumed, recorded, hidden, iterations, settings.learningRate(),
                    run.force);
        } else {
            Checkpoints.checkFreshStart(outDir, run.force);
        }
        Trainer.Progress start = resumed != null ? resumed.progress() : Trainer.Progress.start(startingWeights(settings));
        PrintWriter console = run.quiet ? new PrintWriter(Writer.nullWriter()) : spec.commandLine().getOut();

        SparkSession spark = SparkSessions.getOrStart(run.master);
        OptionalInt partitions = run.partitions != null ? OptionalInt.of(run.partitions) : OptionalInt.empty();
        TrainingRun training = new TrainingRun(settings, DevSet.seeded(devRows, seed), partitions, kernel);
        Checkpoints checkpoints = new Checkpoints(outDir, run.checkpointEvery, settings, recorded, resumed);
        Trainer.Listener loaded = new Trainer.Listener() {
            @Override
            public void loaded(TrainingData data, double loadSeconds) {
                int k = data.augmentation().copies();
                String copies = k == 0 ? "" : String.format(" (%d read, each with %d deformed copies)",
                        data.trainRowsRead(), k);
                console.printf("digitnet: %d training rows%s, %d dev rows in %d blocks over %d partitions, "
                                + "%.2f bytes a pixel cached; loaded in %.1f s%n",
                        data.trainRows(), copies, data.devRows(), data.blockCount(), data.partitions(),
                        data.cachedBytes() / (data.rows() * (double) Layout.PIXELS), loadSeconds);
                String spilled = data.spillWarning(spark);
                if (spilled != null) {
                    spec.commandLine().getErr().println("warning: " + spilled);
                }
                checkpoints.start(new Checkpoint.Data(run.data, data.inputRows(), data.checksum()), run.force);
                if (resumed != null) {
                    console.printf("digitnet: resuming %s at iteration %d of %d%n", run.resume, start.iteration(),
                            iterations);
                }
            }
        };
        TrainingRun.Outcome done;
        try {
            done = trainOn(spark, training, start, checkpoints,
                    Trainer.Listener.all(loaded, progress(console), checkpoints, interruption.listener()));
        } catch (Exception e) { // SparkException, a cancelled job's, is checked in Java's eyes but thrown anyway
            if (!interruption.requested()) {
                throw e;
            }
            console.flush();
            spec.commandLine().getErr().println("interrupted: " + checkpoints.afterInterruption(interruption.reached()));
            return Interruption.EXIT_STATUS;
        }

        // Spark ML's metadata beside model.npz makes the run folder a saved DigitNetClassificationModel.
        SavedStage.writeMetadata(spark.sparkContext(), new DigitNetClassificationModel(done.model()),
                HadoopPath.local(outDir));
        new RunRecord(settings, devRows, run.data, initFrom, done, spark.version()).write(outDir);
        writeLearningCurve(outDir);
        if (done.stoppedEarly()) {
            console.printf("stopped early at iteration %d: no better %s for %d iterations%n",
                    done.last().iteration(), settings.earlyStopping().metric(), settings.earlyStopping().patience());
        }
        IterationMetrics saved = done.saved();
        console.printf("%s: loss %.4f, train accuracy %.4f, dev accuracy %.4f%nwrote %s%n",
                saved == done.last() ? "final" : "best on dev (iteration " + saved.iteration() + ")",
                saved.loss(), saved.trainAccuracy(), saved.devAccuracy(), outDir.resolve(Model.FILE_NAME));
        return 0;
    }

    /** Runs the training, its failures said in the command line's words. */
    private TrainingRun.Outcome trainOn(SparkSession spark, TrainingRun training, Trainer.Progress start,
            Checkpoints checkpoints, Trainer.Listener listener) {
        try {
            return training.onFile(spark, run.format.digitsAt(spark, run.data), start, listener);
        } catch (TrainingData.TooFewRows e) {
            throw new UserError(e.source + ": " + e.rows + " rows, but --dev-rows " + devRows + " needs at least "
                    + (devRows + 1L) + " (the dev rows plus one training row)");
        } catch (Trainer.Diverged e) {
            throw new UserError(e.getMessage() + "; try a smaller --learning-rate; " + checkpoints.afterDivergence());
        } catch (Trainer.IncompatibleState e) {
            throw new UserError(run.resume.resolve(Checkpoint.FOLDER) + ": " + e.getMessage()
                    + "; resume with the checkpoint's --optimizer and --hidden");
        }
    }

    /** A bar on a terminal, where it can redraw its line; plain lines for a log or a pipe. */
    private Trainer.Listener progress(PrintWriter console) {
        long trainStart = System.nanoTime();
        return System.console() != null ? new ProgressBar(console, trainStart, System::nanoTime)
                : new ConsoleProgress(console, run.evalEvery, trainStart);
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


    /**
     * The settings a checkpoint records: every option but the run's own ({@link RunOptions}) and
     * help and version, as picocli reads them back.
     */
    private Map<String, String> recordedSettings() {
        Set<OptionSpec> notRecorded = new HashSet<>(spec.mixins().get("run").options());
        spec.mixins().values().stream()
                .filter(m -> m.options().stream().anyMatch(OptionSpec::usageHelp))
                .forEach(m -> notRecorded.addAll(m.options()));
        Map<String, String> recorded = new TreeMap<>();
        for (OptionSpec option : spec.options()) {
            if (!notRecorded.contains(option) && option.getValue() != null) {
                recorded.put(Defaults.key(option), String.valueOf((Object) option.getValue()));
            }
        }
        return recorded;
    }

    /** The settings records, each checking itself; a refusal is spelled with the flags' names. */
    private TrainSettings settings() {
        try {
            return new TrainSettings(hidden, iterations, seed, init, optimizer.settings(), schedule.settings(),
                    weightDecay, earlyStopping.settings(), augment, augmentElastic);
        } catch (InvalidSetting e) {
            throw new UserError(e.message(key -> "--" + key), 2);
        }
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new UserError(message, 2);
        }
    }

    private double[] startingWeights(TrainSettings settings) {
        if (initFrom == null) {
            return settings.initialWeights();
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
