package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The Kaggle digit-recognizer CSV format: a header {@code label,pixel0,…,pixel783} (the
 * unlabelled test file has no {@code label} column), then one digit a line, all integers.
 * Spark reads the lines with an explicit schema (never inferSchema), as every {@link LineFormat}.
 */
public final class DigitCsv extends LineFormat {
    private static final long serialVersionUID = 1L;

    private final boolean labelled;
    private final List<String> columns;
    private final String header;

    private DigitCsv(boolean labelled) {
        this.labelled = labelled;
        List<String> names = new ArrayList<>();
        if (labelled) {
            names.add("label");
        }
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            names.add("pixel" + p);
        }
        this.columns = List.copyOf(names);
        this.header = String.join(",", columns);
    }

    /** train.csv: label then 784 pixels. */
    public static DigitCsv labelled() {
        return new DigitCsv(true);
    }

    /** test.csv: 784 pixels, no label. */
    public static DigitCsv unlabelled() {
        return new DigitCsv(false);
    }

    @Override
    public boolean isLabelled() {
        return labelled;
    }

    @Override
    int fieldCount() {
        return columns.size();
    }

    @Override
    int longestDigitLine() {
        return 3_200; // 785 numbers up to 255 and their commas
    }

    public List<String> columns() {
        return columns;
    }

    public String header() {
        return header;
    }

    /**
     * The format of {@code files} told by the first file's header, Kaggle's train.csv (labelled)
     * or test.csv (not), with every file's header checked against it: for commands that take
     * either, such as {@code predict}.
     */
    public static DigitCsv detect(SparkSession spark, List<Path> files) {
        DigitCsv labelled = labelled();
        DigitCsv unlabelled = unlabelled();
        Path first = files.get(0);
        String line;
        try (BoundedLineReader in = DigitFiles.open(spark.sparkContext().hadoopConfiguration(), first)) {
            line = in.readLine();
        } catch (IOException e) {
            throw new UserError(first + ": cannot read: " + e.getMessage());
        }
        DigitCsv format = line != null && line.equals(labelled.header()) ? labelled : unlabelled;
        if (line != null && format == unlabelled && !line.equals(unlabelled.header())) {
            throw new UserError(first + " line 1: header is neither " + labelled.abbreviatedHeader()
                    + " (labelled) nor " + unlabelled.abbreviatedHeader() + " (Kaggle's test.csv); found '"
                    + UserError.abbreviate(line, 60) + "'");
        }
        format.checkHeaders(spark, files);
        return format;
    }

    /** Checks every file's first line; an empty file or a wrong header is an error. */
    public void checkHeaders(SparkSession spark, List<Path> files) {
        for (Path file : files) {
            try (BoundedLineReader in = DigitFiles.open(spark.sparkContext().hadoopConfiguration(), file)) {
                String first = in.readLine();
                if (first == null) {
                    throw new UserError(file + ": empty file; expected the header line "
                            + abbreviatedHeader());
                }
                if (!first.equals(header())) {
                    throw new UserError(file + " line 1: header is not " + abbreviatedHeader()
                            + " (found '" + UserError.abbreviate(first, 60) + "')");
                }
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + e.getMessage());
            }
        }
    }

    /** Whether a line carries no digit: the header (Spark reads it like any line) or a blank line. */
    @Override
    public boolean isSkipped(String line) {
        return line.isBlank() || line.startsWith(header) && stripCarriageReturn(line).equals(header);
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
     * The common case in one pass over the bytes: only digits and commas, every field 1 to 9
     * digits and in range, exactly the expected number of fields (a trailing {@code \r} is
     * allowed). {@link #NOT_PLAIN} for anything else, even a valid line with spaces:
     * {@link #parseAnyLine} then decides and names the problem.
     */
    @Override
    int parsePlain(byte[] line, int length, byte[] pixels) {
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        int i = 0;
        int label = Digit.NO_LABEL;
        if (labelled) {
            int value = 0;
            int digits = 0;
            for (; i < end && line[i] != ','; i++, digits++) {
                int c = line[i] - '0';
                if (c < 0 || c > 9) {
                    return NOT_PLAIN;
                }
                value = value * 10 + c;
            }
            if (i == end || digits == 0 || digits > 9 || value > DigitShape.MAX_LABEL) {
                return NOT_PLAIN;
            }
            label = value;
            i++; // the comma
        }
        int last = DigitShape.PIXELS - 1;
        int pixel = 0;
        int value = 0;
        int digits = 0;
        for (; i < end; i++) {
            int c = line[i] - '0';
            if (c >= 0 && c <= 9) {
                value = value * 10 + c;
                digits++;
            } else if (line[i] == ',' && pixel < last && digits > 0 && digits <= 9 && value <= DigitShape.MAX_PIXEL) {
                pixels[pixel++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return NOT_PLAIN;
            }
        }
        if (pixel != last || digits == 0 || digits > 9 || value > DigitShape.MAX_PIXEL) {
            return NOT_PLAIN;
        }
        pixels[pixel] = (byte) value;
        return label;
    }

    private String parseAnyLine(String line, int[] fields) {
        int expected = columns().size();
        int end = line.endsWith("\r") ? line.length() - 1 : line.length();
        int field = 0;
        int pos = 0;
        while (pos <= end) {
            int comma = line.indexOf(',', pos);
            int stop = comma < 0 || comma > end ? end : comma;
            if (field < expected) {
                String problem = parseField(line, pos, stop, field, fields);
                if (problem != null) {
                    return problem;
                }
            }
            field++;
            pos = stop + 1;
        }
        return field == expected ? null : "has " + field + " fields, expected " + expected;
    }

    private String parseField(String line, int from, int to, int field, int[] fields) {
        int start = from;
        int stop = to;
        while (start < stop && line.charAt(start) == ' ') {
            start++;
        }
        while (stop > start && line.charAt(stop - 1) == ' ') {
            stop--;
        }
        int value = 0;
        boolean digits = start < stop && stop - start <= 9;
        for (int i = start; i < stop && digits; i++) {
            char c = line.charAt(i);
            digits = c >= '0' && c <= '9';
            value = value * 10 + (c - '0');
        }
        String name = columns().get(field);
        if (!digits) {
            String text = line.substring(from, to);
            if (text.trim().matches("-[0-9]{1,9}")) {
                return name + " is " + text.trim() + ", outside 0.." + max(field);
            }
            return name + " is '" + UserError.abbreviate(text, 20) + "', not a non-negative integer";
        }
        if (value > max(field)) {
            return name + " is " + value + ", outside 0.." + max(field);
        }
        fields[field] = value;
        return null;
    }

    private int max(int field) {
        return labelled && field == 0 ? DigitShape.MAX_LABEL : DigitShape.MAX_PIXEL;
    }

    private String abbreviatedHeader() {
        return labelled ? "label,pixel0,...,pixel783" : "pixel0,...,pixel783";
    }
}
