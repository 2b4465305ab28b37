package digitnet.data;

import digitnet.UserError;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the digits of files in one layout, checked on the driver before it is made (a CSV
 * header, a Parquet schema): what training and inference read through, whatever the format.
 * {@link DigitFormat} makes one for the files at hand.
 */
public interface DigitReader extends Serializable {

    /** Whether the digits come with labels (Kaggle's test.csv and label-less Parquet do not). */
    boolean isLabelled();

    /**
     * Every digit of {@code files}, parsed and checked on the executors, in input order within
     * a file. A record that is not a valid digit becomes a digit naming its file, and
     * {@link #badRecord} then names the record.
     */
    JavaRDD<Digit> digits(SparkSession spark, List<Path> files);

    /**
     * The error naming the first bad record of {@code sparkFile} (a file of {@code files} as
     * Spark names it) and what is wrong with it, found by reading that one file again.
     */
    UserError badRecord(SparkSession spark, String sparkFile, List<Path> files);
}
