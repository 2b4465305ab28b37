package digitnet.data;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/**
 * How fast a file becomes cached training blocks, all of loading as {@code train} does it
 * (parse, count and split, shuffle into blocks, pack, cache), apart from training. Prints one
 * line per pass and the best, in MB of stored input a second, with a digest of the blocks'
 * content that any change to loading must leave as it is:
 * {@code load_mb_s=… rows=… seconds=… blocks=… digest=…}.
 *
 * <pre>LoadRate PATH FORMAT [PASSES (3)] [DEV_ROWS (10000)] [MASTER (local[2])]</pre>
 */
public final class LoadRate {
    public static void main(String[] args) throws IOException {
        String path = args[0];
        DigitFormat format = DigitFormat.valueOf(args[1].toUpperCase(Locale.ROOT));
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int devRows = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        String master = args.length > 4 ? args[4] : "local[2]";
        long bytes = BenchInput.bytes(path);
        SparkSession spark = BenchInput.spark("LoadRate", master);
        try {
            StoredDigits data = StoredDigits.at(spark, path, format);
            double best = Double.MAX_VALUE;
            for (int pass = 1; pass <= passes; pass++) {
                long start = System.nanoTime();
                try (TrainingData loaded = TrainingData.load(spark, data, DevSet.seeded(devRows, 0),
                        Augmentation.NONE, OptionalInt.empty())) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    best = Math.min(best, seconds);
                    long digest = loaded.blocks().map(LoadRate::digest).reduce(Long::sum);
                    System.out.printf(Locale.ROOT, "pass %d: %,d rows in %.2f s, %.0f MB/s, %d blocks, digest %016x%n",
                            pass, loaded.rows(), seconds, bytes / 1e6 / seconds, loaded.blockCount(), digest);
                    if (pass == passes) {
                        System.out.printf(Locale.ROOT, "load_mb_s=%.1f rows=%d seconds=%.3f blocks=%d digest=%016x%n",
                                bytes / 1e6 / best, loaded.rows(), best, loaded.blockCount(), digest);
                    }
                }
            }
        } finally {
            spark.stop();
        }
    }

    /** A hash of everything a block holds, in its order: equal for equal blocks. */
    private static long digest(Block b) {
        long h = 31L * b.trainRows + b.devRows;
        h = 31 * h + Arrays.hashCode(b.labels);
        h = 31 * h + Arrays.hashCode(b.rowStart);
        h = 31 * h + Arrays.hashCode(b.pixelIndex);
        h = 31 * h + Arrays.hashCode(b.pixelValue);
        h = 31 * h + Arrays.hashCode(b.weights);
        return RowKey.mix(h);
    }
}
