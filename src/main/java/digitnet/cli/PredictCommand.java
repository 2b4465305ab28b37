package digitnet.cli;

import digitnet.io.AtomicFiles;
import digitnet.report.PredictionCsv;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code digitnet predict}: a trained model's answer for every digit of a file, as CSV. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict every digit of a file with a trained model, on Spark.",
        footer = {"%nOn unlabelled digits (Kaggle's test.csv, header pixel0,...,pixel783, or Parquet without a "
                + "label column) --out is a Kaggle submission: ImageId,Label, ImageId counting from 1 in input "
                + "order. On labelled data (header label,pixel0,..., LIBSVM, Parquet with a label column) it is "
                + "ImageId,Label,Predicted,Confidence."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions input;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV to write, for example submission.csv.")
    Path out;

    @Option(names = "--probabilities", description = "Add the ten softmax outputs as columns p0..p9.")
    boolean probabilities;

    @Override
    public Integer call() {
        AtomicFiles.checkWritable(out);
        try (InferenceOptions.Inference run = input.run()) {
            PredictionCsv csv = new PredictionCsv(run.labelled(), probabilities);
            csv.write(out, run.predictions());
            spec.commandLine().getOut().printf("wrote %s: %d rows of %s%n", out, run.predictions().size(), csv.header());
        }
        return 0;
    }
}
