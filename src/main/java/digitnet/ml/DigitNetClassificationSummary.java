package digitnet.ml;

import static digitnet.nn.Layout.CLASSES;

import digitnet.report.Evaluation;
import java.io.Serializable;
import org.apache.spark.ml.linalg.Matrices;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How a {@link DigitNetClassificationModel} does on a labelled DataFrame, from
 * {@link DigitNetClassificationModel#evaluate}: the figures the {@code evaluate} command prints
 * and writes to {@code evaluation.json}, computed the same way, so the same rows give the same
 * numbers. Its methods are named as those of Spark's {@code ClassificationSummary} (accuracy,
 * labels, precisionByLabel, recallByLabel, fMeasureByLabel, predictions), which Java code cannot
 * implement itself: its metrics are Scala lazy vals of a trait. One difference: a ratio with
 * nothing to count (the precision of a digit never predicted) is NaN here, as {@code evaluate}
 * prints it ("-"), where Spark's MulticlassMetrics reports 0.
 */
public final class DigitNetClassificationSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Dataset<Row> predictions;
    private final Evaluation evaluation;

    DigitNetClassificationSummary(Dataset<Row> predictions, Evaluation evaluation) {
        this.predictions = predictions;
        this.evaluation = evaluation;
    }

    /** The model's {@code transform} of the evaluated DataFrame: its rows with the prediction columns added. */
    public Dataset<Row> predictions() {
        return predictions;
    }

    /** The figures as the {@code evaluate} command keeps them. */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** Digits evaluated. */
    public long count() {
        return evaluation.rows();
    }

    /** The share of digits classified correctly. */
    public double accuracy() {
        return evaluation.accuracy();
    }

    /** The mean cross-entropy, −log of each digit's probability of its true label, averaged. */
    public double loss() {
        return evaluation.loss();
    }

    /** The labels, 0 to 9, in the order of the by-label arrays. */
    public double[] labels() {
        double[] labels = new double[CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            labels[d] = d;
        }
        return labels;
    }

    public double[] precisionByLabel() {
        double[] v = new double[CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            v[d] = evaluation.precision(d);
        }
        return v;
    }

    /** Recall, which is also Spark's true positive rate. */
    public double[] recallByLabel() {
        double[] v = new double[CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            v[d] = evaluation.recall(d);
        }
        return v;
    }

    /** F1, the harmonic mean of precision and recall. */
    public double[] fMeasureByLabel() {
        double[] v = new double[CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            v[d] = evaluation.f1(d);
        }
        return v;
    }

    /** The 10×10 counts: row = true digit, column = predicted digit, as MulticlassMetrics lays it out. */
    public Matrix confusionMatrix() {
        double[] columnMajor = new double[CLASSES * CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            for (int k = 0; k < CLASSES; k++) {
                columnMajor[k * CLASSES + d] = evaluation.confusion()[d][k];
            }
        }
        return Matrices.dense(CLASSES, CLASSES, columnMajor);
    }

    /** The tables the {@code evaluate} command prints: the summary line, the per-digit table, the confusion matrix. */
    @Override
    public String toString() {
        return evaluation.tables();
    }
}
