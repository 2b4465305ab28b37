package digitnet.ml;

import digitnet.data.DevSet;
import digitnet.data.DigitShape;
import digitnet.data.DigitValues;
import digitnet.data.LabelledDigit;
import digitnet.model.Model;
import digitnet.train.Checkpoint;
import digitnet.train.InvalidSetting;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import digitnet.train.TrainingRun;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@link DigitNetClassifier#fit}: the DataFrame's rows checked and handed to the same
 * {@link TrainingRun} that {@code train} runs over a file, so equal rows, dev set and settings
 * give equal model bits; from the checkpoint in {@code checkpointDir} when it holds one of the
 * same training (see {@link FitCheckpoints}).
 */
final class DigitNetTraining {
    private DigitNetTraining() {}

    static DigitNetClassificationModel fit(DigitNetClassifier estimator, Dataset<?> dataset) {
        return fit(estimator, dataset, Trainer.Listener.NONE);
    }

    /** {@link #fit}, telling {@code listener} of the run too, after the checkpoints: how a test interrupts a fit. */
    static DigitNetClassificationModel fit(DigitNetClassifier estimator, Dataset<?> dataset, Trainer.Listener listener) {
        TrainSettings settings = settings(estimator);
        String indicator = estimator.getValidationIndicatorCol();
        DevSet dev = indicator.isEmpty() ? DevSet.seeded(estimator.getDevRows(), settings.seed()) : DevSet.marked();
        Optional<FitCheckpoints> checkpoints = FitCheckpoints.of(estimator, settings,
                dataset.sparkSession().sparkContext().hadoopConfiguration());
        Optional<Checkpoint> resumed = checkpoints.flatMap(FitCheckpoints::resumed);
        Trainer.Progress start = resumed.isPresent() ? resumed.get().progress()
                : Trainer.Progress.start(initialWeights(dataset, estimator.getInitialModel(), settings));
        Trainer.Listener keepingCheckpoints = checkpoints.isPresent() ? checkpoints.get() : Trainer.Listener.NONE;

        List<Column> columns = new ArrayList<>(List.of(functions.col(estimator.getFeaturesCol()),
                functions.col(estimator.getLabelCol()).cast("double")));
        if (!indicator.isEmpty()) {
            columns.add(functions.col(indicator).cast("boolean"));
        }
        JavaRDD<Checked> checked = dataset.select(columns.toArray(Column[]::new)).javaRDD()
                .map(Checked::of)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            requireValid(checked, estimator.getFeaturesCol(), estimator.getLabelCol(), indicator);
            TrainingRun run = new TrainingRun(settings, dev, checked.getNumPartitions());
            TrainingRun.Outcome done = run.onRows(dataset.sparkSession(), FitCheckpoints.SOURCE,
                    checked.map(Checked::digit), start, Trainer.Listener.all(keepingCheckpoints, listener));
            DigitNetTrainingSummary summary = new DigitNetTrainingSummary(done.history(), done.saved(), done.last(),
                    done.stoppedEarly(), done.data().trainRows(), done.data().devRows());
            return new DigitNetClassificationModel(estimator.uid(), done.model(), summary);
        } finally {
            checked.unpersist(false);
        }
    }

    /** The settings record {@code train} builds from its flags, with the checks' messages in param names. */
    private static TrainSettings settings(DigitNetClassifier estimator) {
        try {
            return estimator.trainSettings();
        } catch (InvalidSetting e) {
            throw new IllegalArgumentException(e.message(DigitNetClassifier::paramName), e);
        }
    }

    /**
     * Throws for the first bad row in the DataFrame's order, naming the column, the row's
     * position and the value. The position costs a second pass, made only when a row is bad.
     */
    private static void requireValid(JavaRDD<Checked> checked, String featuresCol, String labelCol, String indicator) {
        if (checked.filter(c -> c.problem != null).isEmpty()) {
            return;
        }
        Tuple2<Checked, Long> first = checked.zipWithIndex().filter(t -> t._1().problem != null).first();
        Checked bad = first._1();
        String column = switch (bad.column) {
            case 0 -> featuresCol;
            case 1 -> labelCol;
            default -> indicator;
        };
        throw new IllegalArgumentException("column " + column + ", row " + first._2() + " (counting from 0): "
                + bad.problem);
    }

    /** The weights a fresh fit starts from: those of {@code initialModel} at {@code path}, or else drawn by the settings. */
    private static double[] initialWeights(Dataset<?> dataset, String path, TrainSettings settings) {
        if (path.isEmpty()) {
            return settings.initialWeights();
        }
        Model model = SavedStage.readModel(dataset.sparkSession().sparkContext().hadoopConfiguration(), path);
        if (model.layout().hidden() != settings.hidden()) {
            throw new IllegalArgumentException("initialModel " + path + " has " + model.layout().hidden()
                    + " hidden units but hidden is " + settings.hidden() + "; set hidden to "
                    + model.layout().hidden());
        }
        return model.params();
    }

    /**
     * One DataFrame row: a digit, or what is wrong with it and in which of the selected columns
     * (0 features, 1 label, 2 the validation indicator).
     */
    record Checked(LabelledDigit digit, String problem, int column) implements Serializable {
        static Checked of(Row r) {
            int[] pixels = new int[DigitShape.PIXELS];
            String problem = DigitVectors.read(r.isNullAt(0) ? null : (Vector) r.get(0), pixels);
            if (problem != null) {
                return new Checked(null, "the vector " + problem, 0);
            }
            double value = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
            int label = DigitValues.label(value);
            if (label < 0) {
                return new Checked(null, DigitValues.labelProblem(value), 1);
            }
            boolean dev = false;
            if (r.size() > 2) {
                if (r.isNullAt(2)) {
                    return new Checked(null, "is null, where true marks a dev row and false a training row", 2);
                }
                dev = r.getBoolean(2);
            }
            byte[] bytes = new byte[DigitShape.PIXELS];
            for (int p = 0; p < DigitShape.PIXELS; p++) {
                bytes[p] = (byte) pixels[p];
            }
            return new Checked(new LabelledDigit(label, bytes, dev), null, -1);
        }
    }
}
