package digitnet.data;

import digitnet.UserError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The digits of a file or folder in any {@link DigitFormat}, validated, cached and numbered 1, 2,
 * … in input order: files in name order, lines (or rows) in file order. That number is Kaggle's
 * {@code ImageId}.
 *
 * <p>Spark's file reader packs the files of one read into partitions largest first, so a
 * numbering of one read over a folder would follow file sizes. Each file is therefore read on its
 * own and the reads are joined in name order (a union keeps its parts' partitions in order); the
 * partitions of one file follow its byte order, and {@code zipWithIndex} numbers rows in
 * partition order.
 */
public final class NumberedDigits implements AutoCloseable {
    private final boolean labelled;
    private final JavaRDD<Digit> digits;
    private final JavaPairRDD<Long, Digit> numbered;
    private final long count;

    private NumberedDigits(boolean labelled, JavaRDD<Digit> digits, JavaPairRDD<Long, Digit> numbered,
            long count) {
        this.labelled = labelled;
        this.digits = digits;
        this.numbered = numbered;
        this.count = count;
    }

    /**
     * Reads the digits stored at {@code data}, labelled or not (as Kaggle's test.csv), checks
     * every record, and caches the digits. A bad record is reported with its file and line or row.
     */
    public static NumberedDigits read(SparkSession spark, StoredDigits data) {
        List<Path> files = data.files();
        DigitReader reader = data.reader(spark);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<JavaRDD<Digit>> perFile = new ArrayList<>();
        for (Path file : files) {
            perFile.add(reader.digits(spark, List.of(file)));
        }
        @SuppressWarnings({"unchecked", "rawtypes"}) // JavaSparkContext.union takes a generic varargs array
        JavaRDD<Digit> union = perFile.size() == 1 ? perFile.get(0)
                : sc.union(perFile.toArray(new JavaRDD[0]));
        JavaRDD<Digit> digits = union.setName("digitnet digits of " + data.path()).persist(StorageLevel.MEMORY_AND_DISK());

        List<String> badFiles = DigitFiles.reading(spark, files,
                () -> digits.filter(d -> !d.isValid()).map(Digit::badFile).takeOrdered(1));
        if (!badFiles.isEmpty()) {
            digits.unpersist(false);
            throw reader.badRecord(spark, badFiles.get(0), files);
        }
        long count = digits.count();
        if (count == 0) {
            digits.unpersist(false);
            throw new UserError(data.path() + ": holds no digits");
        }
        JavaPairRDD<Long, Digit> numbered = digits.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2() + 1, t._1()));
        return new NumberedDigits(reader.isLabelled(), digits, numbered, count);
    }

    /** Whether the digits have labels (train.csv) or not (Kaggle's test.csv). */
    public boolean isLabelled() {
        return labelled;
    }

    public long count() {
        return count;
    }

    /** (ImageId, digit) pairs, ImageId counting from 1 in input order. */
    public JavaPairRDD<Long, Digit> numbered() {
        return numbered;
    }

    /** The digits with these ImageIds (an id not in the data has no entry), for pictures. */
    public Map<Long, Digit> lookup(Collection<Long> imageIds) {
        Set<Long> wanted = new HashSet<>(imageIds);
        return numbered.filter(t -> wanted.contains(t._1())).collectAsMap();
    }

    /**
     * Drops the cached digits and waits until they are gone: the command stops Spark next, and
     * an asynchronous removal still under way then completes on a thread pool that is shutting
     * down, which prints a RejectedExecutionException stack trace after the command's output
     * (seen at 8.1 million rows).
     */
    @Override
    public void close() {
        digits.unpersist(true);
    }
}
