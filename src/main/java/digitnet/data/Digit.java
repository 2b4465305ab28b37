package digitnet.data;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.compat.KryoRecords;
import java.io.Serializable;

/**
 * One digit as read from a file: its 784 pixel bytes and its label, or {@link #NO_LABEL} when the
 * file has no labels (Kaggle's test format). A record that is not a valid digit becomes a digit
 * with no pixels that names its file, so that the driver can find and report the exact line or
 * row.
 */
@DefaultSerializer(KryoRecords.class)
public record Digit(int label, byte[] pixels, String badFile) implements Serializable {
    public static final int NO_LABEL = -1;

    /** The digit with {@code label} and the 784 pixels 0..255 at {@code from} in {@code values}. */
    static Digit of(int label, int[] values, int from) {
        byte[] pixels = new byte[DigitShape.PIXELS];
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            pixels[p] = (byte) values[from + p];
        }
        return new Digit(label, pixels, null);
    }

    /** A record of {@code file} that is not a valid digit: the driver finds and names it. */
    static Digit bad(String file) {
        return new Digit(NO_LABEL, null, file);
    }

    public boolean isValid() {
        return badFile == null;
    }

    public boolean isLabelled() {
        return label != NO_LABEL;
    }

    /** The pixels as values 0..255. */
    public int[] densePixels() {
        int[] dense = new int[DigitShape.PIXELS];
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            dense[p] = pixels[p] & 0xFF;
        }
        return dense;
    }
}
