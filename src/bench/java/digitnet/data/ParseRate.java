package digitnet.data;

import java.io.IOException;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;

/**
 * How fast the executors read and parse a file, apart from the rest of loading (the shuffle into
 * blocks, the cache): the digits of each pass are counted and dropped. Prints one line per pass and
 * the best, in MB of stored input a second:
 * {@code parse_mb_s=… rows=… seconds=…}.
 *
 * <pre>ParseRate PATH FORMAT [PASSES (3)] [MASTER (local[2])]</pre>
 */
public final class ParseRate {
    public static void main(String[] args) throws IOException {
        String path = args[0];
        DigitFormat format = DigitFormat.valueOf(args[1].toUpperCase(Locale.ROOT));
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String master = args.length > 3 ? args[3] : "local[2]";
        long bytes = BenchInput.bytes(path);
        SparkSession spark = BenchInput.spark("ParseRate", master);
        try {
            StoredDigits data = StoredDigits.at(spark, path, format);
            double best = Double.MAX_VALUE;
            long rows = 0;
            for (int pass = 1; pass <= passes; pass++) {
                long start = System.nanoTime();
                JavaRDD<Digit> digits = data.labelledReader(spark).digits(spark, data.files());
                rows = digits.filter(Digit::isValid).count();
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.min(best, seconds);
                System.out.printf(Locale.ROOT, "pass %d: %,d rows in %.2f s, %.0f MB/s%n", pass, rows, seconds,
                        bytes / 1e6 / seconds);
            }
            System.out.printf(Locale.ROOT, "parse_mb_s=%.1f rows=%d seconds=%.3f mb=%.1f%n", bytes / 1e6 / best, rows,
                    best, bytes / 1e6);
        } finally {
            spark.stop();
        }
    }
}
