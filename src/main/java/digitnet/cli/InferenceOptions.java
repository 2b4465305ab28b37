package digitnet.cli;

import digitnet.UserError;
import digitnet.data.NumberedDigits;
import digitnet.model.Model;
import digitnet.model.Prediction;
import digitnet.model.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of every command that runs a trained model over digits: predict, evaluate, show. */
final class InferenceOptions {

    @Option(names = "--model", required = true, paramLabel = "RUN|FILE.npz",
            description = "A run folder of train (holding model.npz) or a model .npz file.")
    Path model;

    /** Required, except by {@code evaluate --dev}, which can take the path from the run's run.json (checked in {@link #run}). */
    @Option(names = "--data", paramLabel = "PATH",
            description = "Digits in CSV as Kaggle's train.csv (with labels) or test.csv (without), .csv or "
                    + ".csv.gz, in LIBSVM, or in Parquet with or without a label column (see --format); a file or "
                    + "a folder of them read in name order; any Hadoop path. Required, except by evaluate --dev.")
    String data;

    @Mixin
    FormatOption format;

    @Option(names = "--partitions", paramLabel = "P",
            description = "Spread the work over P Spark partitions (default: as the files are read). "
                    + "Results and their order do not depend on it.")
    Integer partitions;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: the one spark-submit gives, else local[*]).")
    String master;

    /** The folder holding the model: where evaluate and show write by default. */
    Path modelFolder() {
        return Files.isDirectory(model) ? model : model.toAbsolutePath().getParent();
    }

    /**
     * Loads the model (before Spark starts, so a bad model fails at once), reads the data and
     * predicts every digit.
     */
    Inference run() {
        if (data == null) {
            throw new UserError("missing required option --data PATH", 2);
        }
        if (partitions != null && partitions < 1) {
            throw new UserError("--partitions must be at least 1, not " + partitions, 2);
        }
        Model loaded = Model.load(model);
        SparkSession spark = SparkSessions.getOrStart(master);
        NumberedDigits digits = NumberedDigits.read(spark, format.digitsAt(spark, data));
        try {
            List<Prediction> predictions = Predictor.predict(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()), loaded, digits, partitions);
            return new Inference(digits, predictions);
        } catch (RuntimeException e) {
            digits.close();
            throw e;
        }
    }

    /** A model's prediction for every digit, in ImageId order, with the digits still cached for pictures. */
    record Inference(NumberedDigits digits, List<Prediction> predictions) implements AutoCloseable {
        boolean labelled() {
            return digits.isLabelled();
        }

        @Override
        public void close() {
            digits.close();
        }
    }
}
