package digitnet.data;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.sql.SparkSession;

/**
 * The formats digits are read from, as {@code --format} names them; each makes the
 * {@link DigitReader} for the files at hand, after checking what it can on the driver (CSV
 * headers, Parquet schemas). {@link #toString()} is the command line's spelling.
 */
public enum DigitFormat {
    /** Kaggle's train.csv and test.csv ({@link DigitCsv}). */
    CSV(".csv") {
        @Override
        DigitReader labelled(SparkSession spark, List<Path> files) {
            DigitCsv csv = DigitCsv.labelled();
            csv.checkHeaders(spark, files);
            return csv;
        }

        @Override
        DigitReader any(SparkSession spark, List<Path> files) {
            return DigitCsv.detect(spark, files);
        }
    },
    /** {@code label index:value ...} lines ({@link DigitLibsvm}), always labelled. */
    LIBSVM(".libsvm", ".svm") {
        @Override
        DigitReader labelled(SparkSession spark, List<Path> files) {
            return new DigitLibsvm();
        }

        @Override
        DigitReader any(SparkSession spark, List<Path> files) {
            return labelled(spark, files);
        }
    },
    /** Parquet files with a label and a features column, or pixel columns ({@link DigitParquet}). */
    PARQUET(".parquet") {
        @Override
        DigitReader labelled(SparkSession spark, List<Path> files) {
            return DigitParquet.inspect(spark, files, true);
        }

        @Override
        DigitReader any(SparkSession spark, List<Path> files) {
            return DigitParquet.inspect(spark, files, false);
        }
    };

    private final List<String> suffixes;

    DigitFormat(String... suffixes) {
        this.suffixes = List.of(suffixes);
    }

    /** A reader of the labelled digits of {@code files}; files without labels are refused. */
    abstract DigitReader labelled(SparkSession spark, List<Path> files);

    /** A reader of the digits of {@code files}, labelled or not as the files are. */
    abstract DigitReader any(SparkSession spark, List<Path> files);

    /**
     * The format the names tell: the suffix of {@code path}'s name, else (a folder, such as
     * Spark writes) the suffix all its {@code files} share, else CSV. A compression suffix
     * Hadoop knows ({@code .gz}, {@code .bz2}, …) does not count: {@code digits.libsvm.gz} is LIBSVM.
     */
    public static DigitFormat byName(String path, List<Path> files, Configuration conf) {
        CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
        DigitFormat named = bySuffix(new Path(path), codecs);
        if (named != null) {
            return named;
        }
        Set<DigitFormat> ofFiles = new HashSet<>();
        for (Path file : files) {
            ofFiles.add(bySuffix(file, codecs));
        }
        return ofFiles.size() == 1 && !ofFiles.contains(null) ? ofFiles.iterator().next() : CSV;
    }

    private static DigitFormat bySuffix(Path path, CompressionCodecFactory codecs) {
        CompressionCodec codec = codecs.getCodec(path);
        String name = path.getName().toLowerCase(Locale.ROOT);
        String plain = codec == null ? name : CompressionCodecFactory.removeSuffix(name, codec.getDefaultExtension());
        for (DigitFormat format : values()) {
            if (format.suffixes.stream().anyMatch(plain::endsWith)) {
                return format;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
