package digitnet.report;

import static digitnet.nn.Layout.CLASSES;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitnet.model.Prediction;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How well a model does on labelled digits: accuracy, mean cross-entropy loss, the 10×10
 * confusion matrix and, from it, each digit's precision, recall and F1.
 *
 * @param rows      the number of digits evaluated
 * @param loss      mean cross-entropy over the digits
 * @param confusion {@code confusion[true][predicted]}: how many digits of each true label got
 *                  each prediction; its diagonal holds the correct ones
 */
public record Evaluation(long rows, double loss, long[][] confusion) {

    public static final String FILE_NAME = "evaluation.json";

    /** Counts labelled predictions; the caller has checked that they carry labels. */
    public static Evaluation of(List<Prediction> predictions) {
        Tally tally = new Tally();
        for (Prediction p : predictions) {
            tally.add(p.label(), p.predicted(), p.loss());
        }
        return tally.evaluation();
    }

    /**
     * Predictions counted one at a time, on the driver or in Spark tasks: the losses are added as
     * exact decimals, so tallies of the same predictions give the same {@link Evaluation}, bit for
     * bit, in any order and any grouping (the {@code evaluate} command's and the Spark model's).
     */
    public static final class Tally implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long[][] confusion = new long[CLASSES][CLASSES];
        private BigDecimal lossSum = BigDecimal.ZERO;
        private long rows;

        /** Counts one digit of true label {@code label} that the network called {@code predicted}. */
        public Tally add(int label, int predicted, double loss) {
            confusion[label][predicted]++;
            lossSum = lossSum.add(new BigDecimal(loss));
            rows++;
            return this;
        }

        public Tally merge(Tally other) {
            for (int d = 0; d < CLASSES; d++) {
                for (int k = 0; k < CLASSES; k++) {
                    confusion[d][k] += other.confusion[d][k];
                }
            }
            lossSum = lossSum.add(other.lossSum);
            rows += other.rows;
            return this;
        }

        /** The figures of the digits counted; the loss is the exact sum, rounded once, over the count. */
        public Evaluation evaluation() {
            long[][] copy = new long[CLASSES][];
            for (int d = 0; d < CLASSES; d++) {
                copy[d] = confusion[d].clone();
            }
            return new Evaluation(rows, lossSum.doubleValue() / rows, copy);
        }
    }

    public long correct() {
        long sum = 0;
        for (int d = 0; d < CLASSES; d++) {
            sum += confusion[d][d];
        }
        return sum;
    }

    public double accuracy() {
        return (double) correct() / rows;
    }

    /** How many digits truly are {@code d}. */
    public long support(int d) {
        long sum = 0;
        for (long n : confusion[d]) {
            sum += n;
        }
        return sum;
    }

    /** How many digits the model called {@code d}. */
    public long predictedAs(int d) {
        long sum = 0;
        for (long[] row : confusion) {
            sum += row[d];
        }
        return sum;
    }

    /** Of the digits called {@code d}, the share that are; NaN when none was called d. */
    public double precision(int d) {
        return (double) confusion[d][d] / predictedAs(d);
    }

    /** Of the digits that are {@code d}, the share called d; NaN when there are none. */
    public double recall(int d) {
        return (double) confusion[d][d] / support(d);
    }

    /** Harmonic mean of precision and recall; NaN when either is, 0 when both are 0. */
    public double f1(int d) {
        double p = precision(d);
        double r = recall(d);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The summary line, the per-digit table and the confusion matrix, columns aligned. */
    public String tables() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "accuracy %.4f (%d of %d correct), loss %.4f%n%n",
                accuracy(), correct(), rows, loss));
        s.append(String.format(Locale.ROOT, "%5s  %9s  %6s  %6s  %7s%n", "digit", "precision", "recall", "f1", "support"));
        for (int d = 0; d < CLASSES; d++) {
            s.append(String.format(Locale.ROOT, "%5d  %9s  %6s  %6s  %7d%n", d, decimal(precision(d)),
                    decimal(recall(d)), decimal(f1(d)), support(d)));
        }
        int width = Math.max(5, Long.toString(rows).length() + 1);
        s.append(String.format(Locale.ROOT, "%nconfusion matrix: a row per true digit, a column per predicted digit%n"));
        s.append(String.format(Locale.ROOT, "%10s", "true\\pred"));
        for (int k = 0; k < CLASSES; k++) {
            s.append(String.format(Locale.ROOT, "%" + width + "d", k));
        }
        s.append(System.lineSeparator());
        for (int d = 0; d < CLASSES; d++) {
            s.append(String.format(Locale.ROOT, "%10d", d));
            for (int k = 0; k < CLASSES; k++) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", confusion[d][k]));
            }
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /**
     * {@code evaluation.json}: what was evaluated ({@code scored} says which rows of {@code data})
     * and every figure of {@link #tables()}; undefined ratios are null.
     */
    public String json(String model, String data, String scored) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", model);
        json.put("data", data);
        json.put("scored", scored);
        json.put("rows", rows);
        json.put("correct", correct());
        json.put("accuracy", accuracy());
        json.put("loss", loss);
        List<Map<String, Object>> digits = new ArrayList<>();
        for (int d = 0; d < CLASSES; d++) {
            Map<String, Object> digit = new LinkedHashMap<>();
            digit.put("digit", d);
            digit.put("precision", orNull(precision(d)));
            digit.put("recall", orNull(recall(d)));
            digit.put("f1", orNull(f1(d)));
            digit.put("support", support(d));
            digits.add(digit);
        }
        json.put("per_digit", digits);
        json.put("confusion_rows_true_columns_predicted", confusion);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decimal(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
