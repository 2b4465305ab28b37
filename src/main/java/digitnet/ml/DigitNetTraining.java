package digitnet.ml;

import digitnet.data.KeyedRow;
import digitnet.data.TrainingData;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import digitnet.train.Optimizer;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * {@link DigitNetClassifier#fit}: the DataFrame's rows checked and turned into the keyed rows the
 * command line's reader makes, then the same split, blocks and training loop as {@code train}.
 */
final class DigitNetTraining {
    private DigitNetTraining() {}

    static DigitNetClassificationModel fit(DigitNetClassifier estimator, Dataset<?> dataset) {
        TrainSettings settings = estimator.trainSettings();
        SparkSession spark = dataset.sparkSession();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Layout layout = new Layout(settings.hidden());
        double[] start = estimator.getInitialModel().isEmpty() ? settings.init().draw(layout, settings.seed())
                : initialWeights(sc, estimator.getInitialModel(), layout);

        String featuresCol = estimator.getFeaturesCol();
        String labelCol = estimator.getLabelCol();
        JavaRDD<Checked> checked = dataset
                .select(functions.col(featuresCol), functions.col(labelCol).cast("double"))
                .javaRDD()
                .map(Checked::of)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            requireValid(checked, featuresCol, labelCol);
            JavaRDD<KeyedRow> rows = checked.map(Checked::row);
            TrainingData data = TrainingData.fromRows(spark, rows, "the DataFrame", settings.devRows(),
                    settings.seed(), checked.getNumPartitions());
            try {
                Trainer trainer = new Trainer(sc, data, layout, new SparseKernel(), settings.weightDecay());
                Optimizer optimizer = settings.newOptimizer(trainer.objective(), layout.size());
                Trainer.Result result = trainer.train(Trainer.Progress.start(start), settings, optimizer,
                        new Trainer.Listener() {});
                DigitNetTrainingSummary summary = new DigitNetTrainingSummary(result.history(), result.saved(),
                        result.last(), result.stoppedEarly(), data.trainRows(), data.devRows());
                return new DigitNetClassificationModel(estimator.uid(),
                        new Model(layout, result.params()), summary);
            } finally {
                data.blocks().unpersist(false);
            }
        } finally {
            checked.unpersist(false);
        }
    }

    /**
     * Throws for the first bad row in the DataFrame's order, naming the column, the row's
     * position and the value. The position costs a second pass, made only when a row is bad.
     */
    private static void requireValid(JavaRDD<Checked> checked, String featuresCol, String labelCol) {
        if (checked.filter(c -> c.problem != null).isEmpty()) {
            return;
        }
        Tuple2<Checked, Long> first = checked.zipWithIndex().filter(t -> t._1().problem != null).first();
        Checked bad = first._1();
        throw new IllegalArgumentException("column " + (bad.inLabel ? labelCol : featuresCol) + ", row "
                + first._2() + " (counting from 0): " + bad.problem);
    }

    private static double[] initialWeights(JavaSparkContext sc, String path, Layout layout) {
        Model model = SavedStage.readModel(sc.hadoopConfiguration(), path);
        if (model.layout().hidden() != layout.hidden()) {
            throw new IllegalArgumentException("initialModel " + path + " has " + model.layout().hidden()
                    + " hidden units but hidden is " + layout.hidden() + "; set hidden to "
                    + model.layout().hidden());
        }
        return model.params();
    }

    /** One DataFrame row: a keyed digit, or what is wrong with it and in which column. */
    record Checked(KeyedRow row, String problem, boolean inLabel) implements Serializable {
        static Checked of(Row r) {
            int[] pixels = new int[Layout.PIXELS];
            String problem = DigitVectors.read(r.isNullAt(0) ? null : (Vector) r.get(0), pixels);
            if (problem != null) {
                return new Checked(null, "the vector " + problem, false);
            }
            double value = r.isNullAt(1) ? Double.NaN : r.getDouble(1);
            int label = DigitVectors.label(value);
            if (label < 0) {
                return new Checked(null, DigitVectors.labelProblem(value), true);
            }
            byte[] bytes = new byte[Layout.PIXELS];
            for (int p = 0; p < Layout.PIXELS; p++) {
                bytes[p] = (byte) pixels[p];
            }
            return new Checked(KeyedRow.of(label, bytes), null, false);
        }
    }
}
