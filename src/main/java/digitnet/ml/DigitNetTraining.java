package digitnet.ml;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.compat.KryoRecords;
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
        if (settings.earlyStopping().enabled() && indicator.isEmpty() && estimator.getDevRows() == 0) {
            throw new IllegalArgumentException("patience " + estimator.getPatience() + " needs a dev set to watch, "
                    + "and devRows is 0 (its default): set devRows above 0 or validationIndicatorCol");
        }
        Optional<FitCheckpoints> checkpoints = FitCheckpoints.of(estimator, settings,
                dataset.sparkSession().sparkContext().hadoopConfiguration());
        Optional<Checkpoint> resumed = checkpoints.flatMap(FitCheckpoints::resumed);
        Trainer.Progress start = resumed.isPresent() ? resumed.get().progress()
                : Trainer.Progress.start(initialWeights(dataset, estimator.getInitialModel(), settings));
        Trainer.Listener keepingCheckpoints = checkpoints.isPresent() ? checkpoints.get() : Trainer.Listener.NONE;

        String weightCol = estimator.getWeightCol();
        // Always four columns; a column not set reads as every row's default (training, weight 1).
        Column[] columns = {functions.col(estimator.getFeaturesCol()),
                functions.col(estimator.getLabelCol()).cast("double"),
                indicator.isEmpty() ? functions.lit(false) : functions.col(indicator).cast("boolean"),
                weightCol.isEmpty() ? functions.lit(1.0) : functions.col(weightCol).cast("double")};
        JavaRDD<Checked> checked = dataset.select(columns).javaRDD()
                .map(Checked::of)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            String[] names = {estimator.getFeaturesCol(), estimator.getLabelCol(), indicator, weightCol};
            requireValid(checked, names);
            if (!weightCol.isEmpty() && checked.filter(c -> c.digit.weight() > 0).isEmpty()) {
                throw new IllegalArgumentException("column " + weightCol + ": every weight is 0, so there is "
                        + "nothing to learn from");
            }
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
    private static void requireValid(JavaRDD<Checked> checked, String[] columnNames) {
        if (checked.filter(c -> c.problem != null).isEmpty()) {
            return;
        }
        Tuple2<Checked, Long> first = checked.zipWithIndex().filter(t -> t._1().problem != null).first();
        Checked bad = first._1();
        throw new IllegalArgumentException("column " + columnNames[bad.column] + ", row " + first._2()
                + " (counting from 0): " + bad.problem);
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
     * (0 features, 1 label, 2 the validation indicator, 3 the weight).
     */
    @DefaultSerializer(KryoRecords.class)
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
            if (r.isNullAt(2)) {
                return new Checked(null, "is null, where true marks a dev row and false a training row", 2);
            }
            if (r.isNullAt(3)) {
                return new Checked(null, "the weight is null", 3);
            }
            double weight = r.getDouble(3);
            String weightProblem = LabelledDigit.weightProblem(weight);
            if (weightProblem != null) {
                return new Checked(null, weightProblem, 3);
            }
            byte[] bytes = new byte[DigitShape.PIXELS];
            for (int p = 0; p < DigitShape.PIXELS; p++) {
                bytes[p] = (byte) pixels[p];
            }
            return new Checked(new LabelledDigit(label, bytes, r.getBoolean(2), weight), null, -1);
        }
    }
}
