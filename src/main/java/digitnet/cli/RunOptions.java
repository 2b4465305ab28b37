package digitnet.cli;

import digitnet.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code train}'s options about the run rather than the model: where the data and the outputs
 * are, how Spark and the console go, checkpoints and resuming. None of them is recorded in a
 * checkpoint's settings (the data is matched by its checksum instead of its path).
 */
final class RunOptions {

    @Option(names = "--data", paramLabel = "PATH",
            description = "Labelled digits: CSV as Kaggle's train.csv (.csv or .csv.gz), LIBSVM or Parquet (see "
                    + "--format), a file or a folder of them; any Hadoop path (default: the checkpoint's data when "
                    + "resuming, else $" + Defaults.DATA_VARIABLE + ", which scripts/run-local.sh sets to "
                    + "data/train.csv if there, else the bundled data/mnist-10k.csv.gz).")
    String data;

    @Mixin
    FormatOption format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output folder (default: runs/<timestamp>).")
    Path out;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "Settings file overriding conf/digitnet.properties.")
    Path conf;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Spark partitions of the cached data (default: one per 128 MB of input, at least Spark's default parallelism). "
                    + "The model does not depend on it.")
    Integer partitions;

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

    void check() {
        TrainCommand.require(partitions == null || partitions > 0, "--partitions must be at least 1, not " + partitions);
        TrainCommand.require(evalEvery > 0, "--eval-every must be at least 1, not " + evalEvery);
        TrainCommand.require(checkpointEvery >= 0, "--checkpoint-every must be 0 or more, not " + checkpointEvery);
        TrainCommand.require(data != null, "--data PATH is required: the labelled digits to train on (or set "
                + Defaults.DATA_VARIABLE + ", as scripts/run-local.sh does)");
    }

    /** The run folder: the resumed run's own, else --out, else a new one named by the time. */
    Path outputFolder() {
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
}
