package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * A text format of one digit a line ({@link DigitCsv}, {@link DigitLibsvm}): Spark reads the
 * lines with an explicit schema and the executors parse them with {@link #parse}.
 *
 * <p>Spark cannot say on which line a bad record sits, so when the executors find one,
 * {@link #firstProblem} re-reads that one file on the driver with the same {@link #parse} and
 * names the exact line: the error path pays, the normal path does not.
 */
public abstract class LineFormat implements DigitReader {
    private static final long serialVersionUID = 1L;

    /**
     * The longest line accepted, several times the longest digit line of any format
     * ({@link #longestDigitLine}). Bounds what the driver holds when it re-reads a file for its
     * bad line, whatever the file holds.
     */
    public static final int MAX_LINE_CHARS = 64 * 1024;

    /** About how many characters the longest line of a valid digit has, for the message of a longer line. */
    abstract int longestDigitLine();

    /** How many numbers {@link #parse} writes: the label first when labelled, then 784 pixels. */
    abstract int fieldCount();

    /** Whether a line carries no digit (a blank line, CSV's header). */
    public abstract boolean isSkipped(String line);

    /**
     * Parses one data line into {@code fields} (the label first when labelled, then 784 pixels
     * 0..255) and returns null, or returns what is wrong with the line: the one validator for
     * executors and for the driver's search of the bad line. A line longer than
     * {@link #MAX_LINE_CHARS} is refused.
     */
    public abstract String parse(String line, int[] fields);

    /**
     * The lines of {@code files} as a DataFrame with the explicit schema {@code value STRING}
     * plus the file each line came from. Spark's own CSV reader with 785 integer columns took
     * 1.3–3 s per 10,000 rows here, plus about 10 s of code generation on first use; reading
     * lines and parsing them with {@link #parse} takes a fraction of that.
     */
    Dataset<Row> read(SparkSession spark, List<Path> files) {
        String[] paths = files.stream().map(Path::toString).toArray(String[]::new);
        return spark.read()
                .schema(DataTypes.createStructType(List.of(
                        DataTypes.createStructField("value", DataTypes.StringType, false))))
                .text(paths)
                .withColumn("_file", functions.input_file_name());
    }

    @Override
    public JavaRDD<Digit> digits(SparkSession spark, List<Path> files) {
        return read(spark, files).javaRDD()
                .filter(row -> !isSkipped(row.getString(0)))
                .map(row -> Digit.parse(this, row.getString(0), row.getString(1)));
    }

    @Override
    public UserError badRecord(SparkSession spark, String sparkFile, List<Path> files) {
        return new UserError(firstProblem(spark, DigitFiles.listed(sparkFile, files)));
    }

    /**
     * Re-reads one file on the driver and describes its first bad line as
     * {@code FILE line N: what is wrong}; used only after the executors found a bad line in it.
     */
    private String firstProblem(SparkSession spark, Path file) {
        int[] fields = new int[fieldCount()];
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

    String tooLong(long length) {
        return "is " + length + " characters long, more than the limit of " + MAX_LINE_CHARS
                + String.format(Locale.ROOT, " (a digit line has at most about %,d)", longestDigitLine());
    }

    static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * At most {@code max} characters of text from a file, with control characters shown as
     * {@code ?}: a binary file given as data must not garble the terminal the error goes to.
     */
    static String abbreviate(String s, int max) {
        String cut = s.length() <= max ? s : s.substring(0, max) + "...";
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
