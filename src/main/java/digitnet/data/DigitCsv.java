package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The Kaggle digit-recognizer CSV format: a header {@code label,pixel0,…,pixel783} (the
 * unlabelled test file has no {@code label} column), then one digit a line, all integers.
 *
 * <p>Spark reads the lines with an explicit schema (never inferSchema) and the executors parse
 * them. Spark cannot say on which line a bad record sits, so when the executors find one,
 * {@link #firstProblem} re-reads that one file on the driver and names the exact line: the error
 * path pays, the normal path does not.
 */
public final class DigitCsv implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final String LINE_COLUMN = "value";
    public static final String FILE_COLUMN = "_file";
    /**
     * The longest line accepted: a digit line has at most about 3,200 characters (785 numbers up
     * to 255 and their commas). Bounds what the driver holds when it re-reads a file for its bad
     * line, whatever the file holds.
     */
    public static final int MAX_LINE_CHARS = 64 * 1024;

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

    public boolean isLabelled() {
        return labelled;
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
        try (BoundedLineReader in = DigitFiles.open(spark, first)) {
            line = in.readLine();
        } catch (IOException e) {
            throw new UserError(first + ": cannot read: " + e.getMessage());
        }
        DigitCsv format = line != null && line.equals(labelled.header()) ? labelled : unlabelled;
        if (line != null && format == unlabelled && !line.equals(unlabelled.header())) {
            throw new UserError(first + " line 1: header is neither " + labelled.abbreviatedHeader()
                    + " (labelled) nor " + unlabelled.abbreviatedHeader() + " (Kaggle's test.csv); found '"
                    + abbreviate(line, 60) + "'");
        }
        format.checkHeaders(spark, files);
        return format;
    }

    /** Checks every file's first line; an empty file or a wrong header is an error. */
    public void checkHeaders(SparkSession spark, List<Path> files) {
        for (Path file : files) {
            try (BoundedLineReader in = DigitFiles.open(spark, file)) {
                String first = in.readLine();
                if (first == null) {
                    throw new UserError(file + ": empty file; expected the header line "
                            + abbreviatedHeader());
                }
                if (!first.equals(header())) {
                    throw new UserError(file + " line 1: header is not " + abbreviatedHeader()
                            + " (found '" + abbreviate(first, 60) + "')");
                }
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + e.getMessage());
            }
        }
    }

    /**
     * The lines of {@code files} as a DataFrame with the explicit schema {@code value STRING}
     * plus the file each line came from. Spark's own CSV reader with 785 integer columns took
     * 1.3–3 s per 10,000 rows here, plus about 10 s of code generation on first use; reading
     * lines and parsing them with {@link #parse} takes a fraction of that.
     */
    public Dataset<Row> read(SparkSession spark, List<Path> files) {
        String[] paths = files.stream().map(Path::toString).toArray(String[]::new);
        return spark.read()
                .schema(DataTypes.createStructType(List.of(
                        DataTypes.createStructField(LINE_COLUMN, DataTypes.StringType, false))))
                .text(paths)
                .withColumn(FILE_COLUMN, functions.input_file_name());
    }

    /**
     * Every digit of {@code files}, parsed on the executors by {@link Digit#parse}: the one
     * reader of training and inference. A line that does not parse becomes a digit naming its
     * file; {@link #badLine} then finds and names the line.
     */
    public JavaRDD<Digit> digits(SparkSession spark, List<Path> files) {
        return read(spark, files).javaRDD()
                .filter(row -> !isSkipped(row.getString(0)))
                .map(row -> Digit.parse(this, row.getString(0), row.getString(1)));
    }

    /**
     * The one bad-line report: the error naming the first bad line of {@code sparkFile} (a file
     * of {@code files} as Spark names it), found by re-reading that one file on the driver.
     */
    public UserError badLine(SparkSession spark, String sparkFile, List<Path> files) {
        return new UserError(firstProblem(spark, DigitFiles.listed(sparkFile, files)));
    }

    /** Whether a line carries no digit: the header (Spark reads it like any line) or a blank line. */
    public boolean isSkipped(String line) {
        return line.isBlank() || line.startsWith(header) && stripCarriageReturn(line).equals(header);
    }

    /**
     * Parses one data line into {@code fields} (the label first when labelled, then 784 pixels)
     * and returns null, or returns what is wrong with the line: the one validator for executors
     * and for the driver's search of the bad line.
     */
    public String parse(String line, int[] fields) {
        if (line.length() > MAX_LINE_CHARS) {
            return tooLong(line.length());
        }
        return parsePlainDigits(line, fields) ? null : parseAnyLine(line, fields);
    }

    /**
     * The common case in one pass over the characters: only digits and commas, every field 1 to
     * 9 digits and in range, exactly the expected number of fields (a trailing {@code \r} is
     * allowed). False for anything else, even a valid line with spaces: {@link #parseAnyLine}
     * then decides and names the problem. Every line this accepts, that accepts with the same
     * values; this one is just several times faster, and loading is mostly parsing.
     */
    private boolean parsePlainDigits(String line, int[] fields) {
        int last = columns().size() - 1;
        int end = line.endsWith("\r") ? line.length() - 1 : line.length();
        int field = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                digits++;
            } else if (c == ',' && field < last && digits > 0 && digits <= 9 && value <= max(field)) {
                fields[field++] = value;
                value = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        if (field != last || digits == 0 || digits > 9 || value > max(field)) {
            return false;
        }
        fields[field] = value;
        return true;
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
            return name + " is '" + abbreviate(text, 20) + "', not a non-negative integer";
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

    /**
     * Re-reads one file on the driver and describes its first bad line as
     * {@code FILE line N: what is wrong}; used only after the executors found a bad line in it.
     */
    public String firstProblem(SparkSession spark, Path file) {
        int[] fields = new int[columns().size()];
        try (BoundedLineReader in = DigitFiles.open(spark, file)) {
            long lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                String problem = in.length() > MAX_LINE_CHARS ? tooLong(in.length())
                        : isSkipped(line) ? null : parse(line, fields);
                if (problem != null) {
                    return file + " line " + lineNumber + ": " + problem;
                }
            }
            return file + ": a line could not be parsed, but reading it again found none";
        } catch (IOException e) {
            return file + ": cannot read: " + e.getMessage();
        }
    }

    private static String tooLong(long length) {
        return "is " + length + " characters long, more than the limit of " + MAX_LINE_CHARS
                + " (a digit line has at most about 3,200)";
    }

    private String abbreviatedHeader() {
        return labelled ? "label,pixel0,...,pixel783" : "pixel0,...,pixel783";
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * At most {@code max} characters of text from a file, with control characters shown as
     * {@code ?}: a binary file given as data must not garble the terminal the error goes to.
     */
    private static String abbreviate(String s, int max) {
        String cut = s.length() <= max ? s : s.substring(0, max) + "...";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
