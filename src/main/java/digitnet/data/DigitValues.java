package digitnet.data;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The rule for digits stored as numbers rather than as CSV's integers (Spark ML vectors, LIBSVM
 * lines, Parquet columns): which values are pixels, and which are labels.
 *
 * <p>Pixels come on one of two scales: the integers 0..255 of Kaggle's file, or 0..1, pixel/255,
 * as LIBSVM's scaled MNIST has them. A row whose values are all integers is on the first scale;
 * any other row is on the second, and each of its values must be k/255 for an integer k. That
 * file prints values with six significant digits ({@code %g}, as {@code svm-scale} writes), so a
 * value counts as k/255 when v·255 is within {@link #SCALED_TOLERANCE} of k. A digit whose
 * values are all 0 or 1 reads as 0..255; no real digit is one.
 */
public final class DigitValues {
    private DigitValues() {}

    /**
     * How far v·255 may be from an integer on the 0..1 scale: a value printed to six significant
     * digits is within 5e-7 of k/255, so v·255 within 255·5e-7.
     */
    static final double SCALED_TOLERANCE = 255 * 5e-7;

    /**
     * Writes the pixels (0..255) of one row's values into {@code pixels} and returns null, or
     * returns what is wrong with the first bad value (pixels then holds no meaning).
     *
     * @param indices the pixel (0..783) of each value, or null when {@code values} holds all 784
     *                pixels in order; pixels not listed are 0
     * @param values  the row's values, on either scale
     * @param place   names the place of the value at a pixel in messages, such as "at index 7"
     */
    public static String read(int[] indices, double[] values, int[] pixels, IntFunction<String> place) {
        int firstFraction = -1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return "value NaN " + place.apply(index(indices, i)) + " is not a number";
            }
            if (firstFraction < 0 && values[i] != Math.rint(values[i])) {
                firstFraction = i;
            }
        }
        boolean integers = firstFraction < 0;
        int fraction = firstFraction;
        // Named only in a message: a String for every value would cost more than the parsing.
        Supplier<String> fractionPlace = () -> place.apply(index(indices, fraction));
        Arrays.fill(pixels, 0);
        for (int i = 0; i < values.length; i++) {
            int index = index(indices, i);
            double v = values[i];
            String problem = integers ? integerProblem(v) : scaledProblem(v, values[fraction], fractionPlace);
            if (problem != null) {
                return "value " + v + " " + place.apply(index) + " " + problem;
            }
            pixels[index] = (int) Math.rint(integers ? v : v * DigitShape.MAX_PIXEL);
        }
        return null;
    }

    private static int index(int[] indices, int i) {
        return indices == null ? i : indices[i];
    }

    private static String integerProblem(double v) {
        return v >= 0 && v <= DigitShape.MAX_PIXEL ? null : "is outside 0..255";
    }

    /** What is wrong with {@code v} in a row read as pixel/255 for its {@code fraction} at {@code fractionPlace}. */
    private static String scaledProblem(double v, double fraction, Supplier<String> fractionPlace) {
        if (v < 0 || v > 1) {
            return "is outside 0..1 (the row is read as pixel/255 for its value " + fraction + " " + fractionPlace.get()
                    + "; on the 0..255 scale every value is an integer)";
        }
        double scaled = v * DigitShape.MAX_PIXEL;
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
