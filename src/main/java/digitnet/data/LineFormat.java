package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * A text format of one digit a line ({@link DigitCsv}, {@link DigitLibsvm}): the executors read
 * the lines with Hadoop's line reader, bounded ({@link BoundedLineInputFormat}), and parse their
 * bytes ({@link #parsePlain}, else {@link #parse}).
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

    /**
     * The most bytes of a line the executors keep ({@link BoundedLineInputFormat}). A Java char
     * is at most 3 bytes of UTF-8, so a line of {@link #MAX_LINE_CHARS} characters arrives whole,
     * and a line cut here has more characters than that: the driver's re-read names it too long.
     */
    static final int MAX_LINE_BYTES = 3 * MAX_LINE_CHARS;

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

    /** What {@link #parsePlain(byte[], int, byte[])} returns for a line it is not sure of. */
    static final int NOT_PLAIN = -2;

    /**
     * Parses the common case of a data line, its UTF-8 bytes {@code line[0 .. length)}, into the
     * digit's 784 {@code pixels} (all 0 on entry) and returns its label ({@link Digit#NO_LABEL}
     * for a format without labels), as {@link #parse} would: without a String, an array of
     * fields or any other garbage, since loading is mostly parsing. Returns {@link #NOT_PLAIN}
     * for any line it is not sure of (a header, a blank line, a bad line, a rarer valid
     * spelling); {@link #parse} then decides.
     */
    abstract int parsePlain(byte[] line, int length, byte[] pixels);

    /** {@link #parsePlain(byte[], int, byte[])} into {@code fields} as {@link #parse} writes them; false when not plain. */
    boolean parsePlain(byte[] line, int length, int[] fields) {
        byte[] pixels = new byte[DigitShape.PIXELS];
        int label = parsePlain(line, length, pixels);
        if (label == NOT_PLAIN) {
            return false;
        }
        int first = isLabelled() ? 1 : 0;
        if (isLabelled()) {
            fields[0] = label;
        }
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            fields[first + p] = pixels[p] & 0xFF;
        }
        return true;
    }

    /**
     * Every digit of {@code files}, parsed on the executors from the bytes of each line as
     * Hadoop's line reader hands them over (decompressed, one reused buffer): the lines
     * {@link #parsePlain} accepts, nearly all of them, cost no String and no other per-line
     * garbage but the digit itself. Spark's text source would turn each line into a String and
     * add the file's name to every row; Spark's own CSV reader with 785 integer columns was
     * slower still.
     */
    @Override
    public JavaRDD<Digit> digits(SparkSession spark, List<Path> files) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Job job;
        try {
            job = Job.getInstance(sc.hadoopConfiguration());
            FileInputFormat.setInputPaths(job, files.toArray(Path[]::new));
            // Splits of Spark's size for files, as its own readers make them (Hadoop's would follow the block size).
            long split = JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.maxPartitionBytes", "128m"));
            FileInputFormat.setMinInputSplitSize(job, split);
            FileInputFormat.setMaxInputSplitSize(job, split);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaNewHadoopRDD<NullWritable, Text> lines = (JavaNewHadoopRDD<NullWritable, Text>) sc.newAPIHadoopRDD(
                job.getConfiguration(), BoundedLineInputFormat.class, NullWritable.class, Text.class);
        return lines.mapPartitionsWithInputSplit((split, inSplit) -> {
            String file = ((FileSplit) split).getPath().toString();
            int[] fields = new int[fieldCount()];
            Iterator<Tuple2<NullWritable, Text>> all = inSplit;
            return StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, Spliterator.ORDERED), false)
                    .map(line -> digit(line._2(), file, fields))
                    .filter(Objects::nonNull)
                    .iterator();
        }, true);
    }

    /** The digit on {@code line} of {@code file}, or null for a line without one (a header, a blank line). */
    private Digit digit(Text line, String file, int[] fields) {
        if (line.getLength() > MAX_LINE_BYTES) {
            return Digit.bad(file); // cut short by the reader: whatever its start, the line is too long
        }
        byte[] pixels = new byte[DigitShape.PIXELS];
        int label = parsePlain(line.getBytes(), line.getLength(), pixels);
        if (label != NOT_PLAIN) {
            return new Digit(label, pixels, null);
        }
        String text = line.toString();
        if (isSkipped(text)) {
            return null;
        }
        if (parse(text, fields) != null) {
            return Digit.bad(file);
        }
        return isLabelled() ? Digit.of(fields[0], fields, 1) : Digit.of(Digit.NO_LABEL, fields, 0);
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
        try (BoundedLineReader in = DigitFiles.open(spark.sparkContext().hadoopConfiguration(), file)) {
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
}
