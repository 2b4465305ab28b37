package digitnet.cli;

import digitnet.UserError;
import digitnet.data.DevRows;
import digitnet.io.AtomicFiles;
import digitnet.report.RunRecord;
import digitnet.report.ConfusionChart;
import digitnet.report.Evaluation;
import digitnet.report.Png;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code digitnet evaluate}: accuracy, loss, per-digit scores and the confusion matrix on labelled digits. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score a trained model on labelled digits: accuracy, loss, per-digit precision, "
                + "recall and F1, and the confusion matrix, printed and saved as "
                + Evaluation.FILE_NAME + " and " + ConfusionChart.FILE_NAME + " ("
                + ConfusionChart.WIDTH + "x" + ConfusionChart.HEIGHT + " pixels).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions input;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for " + Evaluation.FILE_NAME + " and " + ConfusionChart.FILE_NAME
                    + " (default: the model's folder).")
    Path out;

    @Option(names = "--dev",
            description = "Score only the run's own dev rows, the ones train held out: found again in --data "
                    + "(default: the data the run's " + RunRecord.RUN_FILE + " names) by the seed, the row count "
                    + "and the checksum in " + RunRecord.RUN_FILE + ".")
    boolean dev;

    @Override
    public Integer call() {
        Path dir = out != null ? out : input.modelFolder();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + ": --out exists and is not a folder", 2);
        }
        RunRecord.Split split = dev ? devSplit() : null;
        boolean dataFromRun = split != null && input.data == null;
        if (dataFromRun) {
            input.data = split.dataPath();
        }
        Evaluation evaluation;
        String scored;
        try (InferenceOptions.Inference run = input.run()) {
            if (!run.labelled()) {
                throw new UserError(input.data + ": has no label column, so there is nothing to score "
                        + "against; evaluate needs labelled digits (CSV with the header label,pixel0,...,pixel783, LIBSVM, "
                        + "or Parquet with a label column)");
            }
            if (split == null) {
                evaluation = Evaluation.of(run.predictions());
                scored = "all rows";
            } else {
                Set<Long> ids = new HashSet<>(devRows(run, split).imageIds());
                evaluation = Evaluation.of(run.predictions().stream().filter(p -> ids.contains(p.imageId())).toList());
                scored = "the dev rows train held out (--dev-rows " + split.devRows() + ", --seed " + split.seed() + ")";
            }
        }
        String json = evaluation.json(input.model.toString(), input.data, scored);
        byte[] png = Png.render(ConfusionChart.FILE_NAME,
                () -> ConfusionChart.draw(evaluation, Path.of(input.data).getFileName() + (dev ? " dev rows" : "")));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the output folder: " + e.getMessage());
        }
        AtomicFiles.writeString(dir.resolve(Evaluation.FILE_NAME), json);
        Png.write(dir.resolve(ConfusionChart.FILE_NAME), png);

        PrintWriter console = spec.commandLine().getOut();
        console.printf("%s on %d digits of %s%s: %s%n%n", input.model, evaluation.rows(), input.data,
                dataFromRun ? " (named by its " + RunRecord.RUN_FILE + ")" : "", scored);
        console.print(evaluation.tables());
        console.printf("%nwrote %s and %s%n", dir.resolve(Evaluation.FILE_NAME), dir.resolve(ConfusionChart.FILE_NAME));
        return 0;
    }

    /** The split of the run whose model this is, read before Spark starts so a missing run.json fails at once. */
    private RunRecord.Split devSplit() {
        RunRecord.Split split = RunRecord.readSplit(input.modelFolder());
        if (split.devRows() == 0) {
            throw new UserError(input.modelFolder() + ": the run held out no dev rows (--dev-rows 0), so --dev "
                    + "has nothing to score", 2);
        }
        return split;
    }

    /** The run's dev rows among the digits read, which must be the rows the run trained on. */
    private DevRows devRows(InferenceOptions.Inference run, RunRecord.Split split) {
        DevRows found = DevRows.find(run.digits(), split.devRows(), split.seed());
        if (found.rows() != split.rows() || !found.checksum().equals(split.checksum())) {
            throw new UserError(input.data + ": holds other rows than the data " + input.modelFolder()
                    + " trained on (" + found.rows() + " rows, checksum " + found.checksum() + "; "
                    + RunRecord.RUN_FILE + ": " + split.rows() + " rows of " + split.dataPath() + ", checksum "
                    + split.checksum() + "); --dev finds the dev rows in the run's own training data");
        }
        return found;
    }
}
