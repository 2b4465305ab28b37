package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Digits stored at a path, as {@code --data} and {@code --format} name them: the path, its files
 * ({@link DigitFiles#files}) and the format they are read in.
 */
public record StoredDigits(String path, List<Path> files, DigitFormat format) {

    /** The digits at {@code path} in the format their names tell ({@link DigitFormat#byName}). */
    public static StoredDigits at(SparkSession spark, String path) {
        return at(spark, path, null);
    }

    /**
     * The digits at {@code path} (any Hadoop path, a file or a folder) in {@code format}, or
     * when it is null in the format their names tell.
     */
    public static StoredDigits at(SparkSession spark, String path, DigitFormat format) {
        List<Path> files = DigitFiles.files(spark, path);
        return new StoredDigits(path, files, format != null ? format
                : DigitFormat.byName(path, files, spark.sparkContext().hadoopConfiguration()));
    }

    /** The files' size in bytes, as stored (compressed files at their compressed size). */
    long bytes(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += file.getFileSystem(conf).getFileStatus(file).getLen();
            } catch (IOException e) {
                throw new UserError(file + ": cannot read: " + e.getMessage());
            }
        }
        return bytes;
    }

    /** A reader of the labelled digits; files without labels are refused. */
    DigitReader labelledReader(SparkSession spark) {
        return format.labelled(spark, files);
    }

    /** A reader of the digits, labelled or not as the files are. */
    DigitReader reader(SparkSession spark) {
        return format.any(spark, files);
    }
}
