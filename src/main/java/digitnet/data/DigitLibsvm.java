package digitnet.data;

import digitnet.UserError;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The LIBSVM format as Spark's {@code libsvm} source and LIBSVM's MNIST files have it: one digit
 * a line, {@code label index:value index:value ...} separated by spaces, indices 1..784 in
 * ascending order, pixels not listed 0. The values are on either scale of {@link DigitValues}
 * (integers 0..255, or pixel/255 as LIBSVM's {@code mnist.scale}). Every line has a label.
 *
 * <p>Spark's own {@code libsvm} reader cannot say which line holds a bad value, so the lines
 * are read and parsed here, as CSV's are ({@link LineFormat}).
 */
public final class DigitLibsvm extends LineFormat {
    private static final long serialVersionUID = 1L;

    private static final Pattern BLANKS = Pattern.compile("[ \t]+");

    /** A pixel's place in messages, by its LIBSVM index (counting from 1). */
    private static final IntFunction<String> AT_INDEX = pixel -> "at index " + (pixel + 1);

    @Override
    public boolean isLabelled() {
        return true;
    }

    @Override
    int fieldCount() {
        return 1 + DigitShape.PIXELS;
    }

    @Override
    int longestDigitLine() {
        return 12_000; // a label and 784 index:value pairs of six significant digits
    }

    /** Blank lines. */
    @Override
    public boolean isSkipped(String line) {
        return line.isBlank();
    }

    @Override
    public String parse(String line, int[] fields) {
        if (line.length() > MAX_LINE_CHARS) {
            return tooLong(line.length());
        }
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parsePlain(bytes, bytes.length, fields) ? null : parseAnyLine(line, fields);
    }

    /**
     * The common case in one pass over the bytes: a label digit, then {@code index:value} pairs
     * after single blanks, indices ascending in 1..784, values integers 0..255 (so the row is on
     * the 0..255 scale), trailing blanks and {@code \r} allowed. {@link #NOT_PLAIN} for anything else, a
     * scaled row among them: {@link #parseAnyLine} then decides and names the problem.
     */
    @Override
    int parsePlain(byte[] line, int length, byte[] pixels) {
        int end = length;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t' || line[end - 1] == '\r')) {
            end--;
        }
        if (end == 0 || line[0] < '0' || line[0] > '0' + DigitShape.MAX_LABEL
                || end > 1 && line[1] != ' ' && line[1] != '\t') {
            return NOT_PLAIN;
        }
        int previous = 0;
        int i = 1;
        while (i < end) {
            i++; // the blank before the pair
            int index = 0;
            int digits = 0;
            for (; i < end && line[i] >= '0' && line[i] <= '9' && digits <= 3; i++, digits++) {
                index = index * 10 + line[i] - '0';
            }
            if (digits == 0 || i == end || line[i] != ':' || index <= previous || index > DigitShape.PIXELS) {
                return NOT_PLAIN;
            }
            i++;
            int value = 0;
            digits = 0;
            for (; i < end && line[i] >= '0' && line[i] <= '9' && digits <= 3; i++, digits++) {
                value = value * 10 + line[i] - '0';
            }
            if (digits == 0 || value > DigitShape.MAX_PIXEL || i < end && line[i] != ' ' && line[i] != '\t') {
                return NOT_PLAIN;
            }
            pixels[index - 1] = (byte) value;
            previous = index;
        }
        return line[0] - '0';
    }

    /** Any line, token by token: the values on either scale, and what is wrong named. */
    private String parseAnyLine(String line, int[] fields) {
        String[] tokens = BLANKS.split(stripCarriageReturn(line).strip());
        double labelValue = number(tokens[0]);
        if (Double.isNaN(labelValue)) {
            return "label '" + UserError.abbreviate(tokens[0], 20) + "' is not a number";
        }
        int label = DigitValues.label(labelValue);
        if (label < 0) {
            return DigitValues.labelProblem(labelValue);
        }
        int count = tokens.length - 1;
        int[] indices = new int[count];
        double[] values = new double[count];
        int previous = 0;
        for (int t = 0; t < count; t++) {
            String token = tokens[t + 1];
            int colon = token.indexOf(':');
            int index = colon > 0 ? index(token.substring(0, colon)) : -1;
            if (index < 0) {
                return "'" + UserError.abbreviate(token, 20) + "' is not index:value (index an integer 1.."
                        + DigitShape.PIXELS + ")";
            }
            if (index < 1 || index > DigitShape.PIXELS) {
                return "index " + index + " is outside 1.." + DigitShape.PIXELS + " (LIBSVM indices count from 1)";
            }
            if (index <= previous) {
                return index == previous ? "index " + index + " appears twice"
                        : "index " + index + " follows index " + previous + "; indices must ascend";
            }
            String valueText = token.substring(colon + 1);
            double value = number(valueText);
            if (Double.isNaN(value)) {
                return "value '" + UserError.abbreviate(valueText, 20) + "' at index " + index + " is not a number";
            }
            indices[t] = index - 1;
            values[t] = value;
            previous = index;
        }
        int[] pixels = new int[DigitShape.PIXELS];
        String problem = DigitValues.read(indices, values, pixels, AT_INDEX);
        if (problem != null) {
            return problem;
        }
        fields[0] = label;
        System.arraycopy(pixels, 0, fields, 1, DigitShape.PIXELS);
        return null;
    }

    /** The number {@code text} spells, or NaN when it spells none. */
    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** The index 0..999,999,999 {@code text} spells in decimal digits, or −1. */
    private static int index(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return -1;
        }
        int index = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            index = index * 10 + (c - '0');
        }
        return index;
    }
}
