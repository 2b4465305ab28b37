package digitnet.cli;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import digitnet.report.ConfusionChart;
import digitnet.report.Evaluation;
import digitnet.report.Png;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Override
    public Integer call() {
        Path dir = out != null ? out : input.modelFolder();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(dir + ": --out exists and is not a folder", 2);
        }
        Evaluation evaluation;
        try (InferenceOptions.Inference run = input.run()) {
            if (!run.labelled()) {
                throw new UserError(input.data + ": has no label column, so there is nothing to score "
                        + "against; evaluate needs labelled digits (header label,pixel0,...,pixel783)");
            }
            evaluation = Evaluation.of(run.predictions());
        }
        String json = evaluation.json(input.model.toString(), input.data);
        byte[] png = Png.render(ConfusionChart.FILE_NAME,
                () -> ConfusionChart.draw(evaluation, Path.of(input.data).getFileName().toString()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the output folder: " + e.getMessage());
        }
        AtomicFiles.writeString(dir.resolve(Evaluation.FILE_NAME), json);
        Png.write(dir.resolve(ConfusionChart.FILE_NAME), png);

        PrintWriter console = spec.commandLine().getOut();
        console.printf("%s on %d digits of %s%n%n", input.model, evaluation.rows(), input.data);
        console.print(evaluation.tables());
        console.printf("%nwrote %s and %s%n", dir.resolve(Evaluation.FILE_NAME), dir.resolve(ConfusionChart.FILE_NAME));
        return 0;
    }
}
