package digitnet.ml;

import digitnet.data.DigitShape;
import java.util.Arrays;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Reads a digit's pixels out of a Spark ML feature vector, and its label out of a label value,
 * checking them as the CSV reader checks a line.
 *
 * <p>A vector has 784 entries, dense or sparse (VectorAssembler over 784 pixel columns makes
 * sparse ones), on one of two scales: the integers 0..255 of Kaggle's file, or 0..1, pixel/255,
 * as LIBSVM's scaled MNIST has them. A row whose values are all integers is on the first scale;
 * any other row is on the second, and each of its values must be k/255 for an integer k. That
 * file prints values with six significant digits ({@code %g}, as {@code svm-scale} writes), so a
 * value counts as k/255 when v·255 is within {@link #SCALED_TOLERANCE} of k. A digit whose
 * values are all 0 or 1 reads as 0..255; no real digit is one.
 */
public final class DigitVectors {
    private DigitVectors() {}

    /**
     * How far v·255 may be from an integer on the 0..1 scale: a value printed to six significant
     * digits is within 5e-7 of k/255, so v·255 within 255·5e-7.
     */
    static final double SCALED_TOLERANCE = 255 * 5e-7;

    /**
     * Writes the 784 pixels (0..255) of {@code features} into {@code pixels} and returns null, or
     * returns what is wrong with the vector (pixels then holds no meaning).
     */
    public static String read(Vector features, int[] pixels) {
        if (features == null) {
            return "is null";
        }
        if (features.size() != DigitShape.PIXELS) {
            return "has size " + features.size() + ", expected " + DigitShape.PIXELS;
        }
        int[] indices;
        double[] values;
        if (features instanceof SparseVector sparse) {
            indices = sparse.indices();
            values = sparse.values();
        } else {
            indices = null;
            values = ((DenseVector) features).values();
        }
        boolean integers = true;
        for (double v : values) {
            integers &= v == Math.rint(v);
        }
        Arrays.fill(pixels, 0);
        for (int i = 0; i < values.length; i++) {
            int index = indices == null ? i : indices[i];
            double v = values[i];
            String problem = integers ? integerProblem(v) : scaledProblem(v);
            if (problem != null) {
                return "value " + v + " at index " + index + " " + problem;
            }
            pixels[index] = (int) Math.rint(integers ? v : v * 255);
        }
        return null;
    }

    private static String integerProblem(double v) {
        return v >= 0 && v <= 255 ? null : "is outside 0..255";
    }

    private static String scaledProblem(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "is not a number";
        }
        if (v < 0 || v > 1) {
            return "is outside 0..1 (the row has fractional values, so it is read as pixel/255)";
        }
        double scaled = v * 255;
        return Math.abs(scaled - Math.rint(scaled)) <= SCALED_TOLERANCE ? null
                : "is not a pixel/255 (v*255 = " + scaled + " is not an integer 0..255)";
    }

    /** The label 0..9 of {@code label}, or −1 when it is not one. */
    public static int label(double label) {
        return label >= 0 && label <= DigitShape.MAX_LABEL && label == Math.rint(label) ? (int) label : -1;
    }

    /** The message for a label that is not one of the digits 0..9. */
    public static String labelProblem(double label) {
        return "label " + label + " is not one of the digits 0..9";
    }
}
