package digitnet.data;

import digitnet.UserError;
import digitnet.compat.SparkErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.SparkSession;

/**
 * The files a data path names, on any Hadoop file system: the listing of a file or folder,
 * opening one file (decompressed) on the driver, and read failures turned into errors that name
 * the file. {@link DigitFormat} reads what they hold.
 */
public final class DigitFiles {
    private DigitFiles() {}

    /** The data files at {@code path}: the file itself, or a folder's visible files in name order. */
    public static List<Path> files(SparkSession spark, String path) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw new UserError(path + ": no such file or directory");
            }
            if (!fs.getFileStatus(p).isDirectory()) {
                return List.of(p);
            }
            List<Path> files = new ArrayList<>();
            for (FileStatus status : fs.listStatus(p)) {
                String name = status.getPath().getName();
                if (status.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                    files.add(status.getPath());
                }
            }
            if (files.isEmpty()) {
                throw new UserError(path + ": folder holds no data files");
            }
            files.sort(null);
            return files;
        } catch (IOException e) {
            throw new UserError(path + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Runs {@code job}, a Spark job over {@code files}. A job that failed because one of them
     * could not be read (a gzip file that ends early, a damaged block) becomes an error naming
     * that file. Spark 4 tags such failures with an error class and the file's URL
     * ({@link SparkErrors}); Spark 3.5 passes on the reader's exception alone, so then the
     * driver reads the files to their ends to find the one that fails (on this error path only).
     * Other failures pass through.
     */
    public static <T> T reading(SparkSession spark, List<Path> files, Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) {
            // Scala code throws SparkException, a checked exception, without declaring it.
            String unreadable = null;
            boolean readFailed = false;
            String reason = "unknown reason";
            for (Throwable t = e; t != null; t = t.getCause()) {
                String file = t instanceof SparkThrowable s ? SparkErrors.unreadableFile(s) : null;
                if (file != null) {
                    unreadable = file;
                } else if (t.getMessage() != null) {
                    reason = t.getMessage();
                }
                readFailed |= t instanceof IOException;
            }
            if (unreadable != null) {
                throw new UserError(listed(unreadable, files) + ": cannot read: " + reason
                        + "; the file may be truncated or damaged");
            }
            if (readFailed) {
                for (Path file : files) {
                    String failure = readToTheEnd(spark, file);
                    if (failure != null) {
                        throw new UserError(file + ": cannot read: " + failure
                                + "; the file may be truncated or damaged");
                    }
                }
            }
            throw e;
        }
    }

    /** Why {@code file} cannot be read to its end, or null when it can. */
    private static String readToTheEnd(SparkSession spark, Path file) {
        try (BoundedLineReader in = open(spark.sparkContext().hadoopConfiguration(), file)) {
            while (in.readLine() != null) {
                // Only the end matters.
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /**
     * The file of {@code files} that Spark names {@code sparkPath} (a URL), as the user or the
     * listing named it; a file given by a relative path is the one Spark's absolute path ends with.
     */
    public static Path listed(String sparkPath, List<Path> files) {
        String path = new Path(sparkPath).toUri().getPath();
        return files.stream().filter(f -> {
            String listed = f.toUri().getPath();
            return listed.equals(path) || !f.isAbsolute() && path.endsWith("/" + listed);
        }).findFirst().orElse(new Path(sparkPath));
    }

    /** {@code file}'s lines, decompressed by the codec its name says, as the driver reads them. */
    static BoundedLineReader open(Configuration conf, Path file) throws IOException {
        InputStream raw = file.getFileSystem(conf).open(file);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(file);
        InputStream in = codec == null ? raw : codec.createInputStream(raw);
        return new BoundedLineReader(new InputStreamReader(in, StandardCharsets.UTF_8), LineFormat.MAX_LINE_CHARS);
    }
}
