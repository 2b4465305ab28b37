package digitnet.data;

import java.io.Serializable;

/**
 * One digit read for inference: its 784 pixel bytes and its label, or {@link #NO_LABEL} when the
 * file is Kaggle's test format. A line that does not parse becomes a digit with no pixels that
 * names its file, so that the driver can find and report the exact line (as training does).
 */
public record Digit(int label, byte[] pixels, String badFile) implements Serializable {
    public static final int NO_LABEL = -1;

    /** Parses one data line of a file in {@code csv}'s format. */
    public static Digit parse(DigitCsv csv, String line, String file) {
        int[] fields = new int[csv.columns().size()];
        if (csv.parse(line, fields) != null) {
            return new Digit(NO_LABEL, null, file);
        }
        int first = csv.isLabelled() ? 1 : 0;
        byte[] pixels = new byte[DigitShape.PIXELS];
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            pixels[p] = (byte) fields[first + p];
        }
        return new Digit(csv.isLabelled() ? fields[0] : NO_LABEL, pixels, null);
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
