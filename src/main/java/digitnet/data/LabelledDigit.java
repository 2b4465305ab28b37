package digitnet.data;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.compat.KryoRecords;
import java.io.Serializable;

/**
 * One labelled digit handed to training by code that already holds its rows in Spark (the
 * Spark ML stage) rather than in a CSV file: the label 0..9, the 784 pixel values 0..255 as
 * bytes, whether it is a dev row (read only with {@link DevSet#marked()}), and its sample weight,
 * finite and 0 or more, by which its loss and gradient are multiplied.
 */
@DefaultSerializer(KryoRecords.class)
public record LabelledDigit(int label, byte[] pixels, boolean dev, double weight) implements Serializable {

    /** A digit of weight 1. */
    public LabelledDigit(int label, byte[] pixels, boolean dev) {
        this(label, pixels, dev, 1);
    }

    public LabelledDigit {
        String problem = weightProblem(weight);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (label < 0 || label > DigitShape.MAX_LABEL) {
            throw new IllegalArgumentException("label " + label + " is not a digit 0.." + DigitShape.MAX_LABEL);
        }
        if (pixels.length != DigitShape.PIXELS) {
            throw new IllegalArgumentException(pixels.length + " pixels, not " + DigitShape.PIXELS);
        }
    }

    /** What is wrong with a sample weight, or null for a finite weight of 0 or more. */
    public static String weightProblem(double weight) {
        if (!Double.isFinite(weight)) {
            return "weight " + weight + " is not a finite number";
        }
        return weight < 0 ? "weight " + weight + " is negative; weights must be 0 or more" : null;
    }

    /**
     * A digit from numbers as a DataFrame holds them (a double label and a vector of doubles),
     * refused unless the label is an integer 0..9 and every pixel an integer 0..255.
     *
     * @throws IllegalArgumentException naming the first value out of range
     */
    public static LabelledDigit of(double label, double[] pixels, boolean dev) {
        if (label != Math.rint(label) || label < 0 || label > DigitShape.MAX_LABEL) {
            throw new IllegalArgumentException("label " + label + " is not a digit 0.." + DigitShape.MAX_LABEL);
        }
        if (pixels.length != DigitShape.PIXELS) {
            throw new IllegalArgumentException(pixels.length + " pixels, not " + DigitShape.PIXELS);
        }
        byte[] bytes = new byte[DigitShape.PIXELS];
        for (int p = 0; p < bytes.length; p++) {
            double v = pixels[p];
            if (v != Math.rint(v) || v < 0 || v > DigitShape.MAX_PIXEL) {
                throw new IllegalArgumentException("pixel " + p + " is " + v + ", not an integer 0.."
                        + DigitShape.MAX_PIXEL);
            }
            bytes[p] = (byte) v;
        }
        return new LabelledDigit((int) label, bytes, dev);
    }
}
