package digitnet.bench;

import digitnet.TestData;
import digitnet.data.Deformation;
import digitnet.data.DigitShape;
import digitnet.data.RowKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes an mnist8m-like training set of any size: the 10,000 bundled real digits, then deformed
 * copies of them, copy {@code c} of a digit drawn from its content hash, {@code c} and the seed
 * ({@link Deformation#of}, infimnist's kind of affine map: ±12°, scale 0.9–1.1, shear, ±2 px;
 * {@code --elastic} adds Simard's elastic distortion). Row {@code i} is digit {@code i mod 10,000},
 * copy {@code i / 10,000}, so the same arguments give the same rows, and a longer file starts with
 * a shorter one's rows.
 *
 * <p>Spark writes the rows in parallel into a folder of part files (each CSV part with its
 * header), first under a temporary name, renamed when complete: CSV, LIBSVM (integer values) or
 * Parquet ({@code label} double and a sparse {@code features} Vector, as Spark's own libsvm
 * source gives them).
 *
 * <pre>MakeDeformedDigits OUT ROWS [csv|libsvm|parquet] [--elastic] [--seed S] [--master URL]</pre>
 *
 * <p>It lives in the test tree, so that its test runs with every {@code mvn verify}; the scale
 * benchmark ({@code scripts/scale-bench.sh}) runs it from {@code target/test-classes}.
 */
public final class MakeDeformedDigits {
    /** Rows a part file holds, about 190 MB of CSV. */
    private static final long ROWS_PER_PART = 100_000;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        long rows = Long.parseLong(args[1]);
        String format = args.length > 2 && !args[2].startsWith("--") ? args[2] : "csv";
        boolean elastic = List.of(args).contains("--elastic");
        long seed = Long.parseLong(option(args, "--seed", "0"));
        String master = option(args, "--master", "local[*]");
        SparkSession spark = SparkSession.builder().master(master).appName("MakeDeformedDigits")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            write(spark, out, rows, format, elastic ? Deformation.Range.ELASTIC : Deformation.Range.AFFINE, seed);
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "wrote %s: %,d rows of %s%n", out, rows, format);
    }

    /**
     * Writes {@code rows} rows to the folder {@code out} in {@code format} (csv, libsvm or parquet):
     * the bundled digits, then their copies deformed within {@code range} with {@code seed}.
     */
    public static void write(SparkSession spark, Path out, long rows, String format, Deformation.Range range,
            long seed) throws IOException {
        List<String> lines = TestData.lines();
        String header = lines.get(0);
        byte[][] digits = new byte[lines.size() - 1][];
        for (int d = 0; d < digits.length; d++) {
            String[] f = lines.get(d + 1).split(",");
            digits[d] = new byte[1 + DigitShape.PIXELS];
            for (int i = 0; i < f.length; i++) {
                digits[d][i] = (byte) Integer.parseInt(f[i]);
            }
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<byte[][]> real = sc.broadcast(digits);
        int parts = (int) Math.max(1, (rows + ROWS_PER_PART - 1) / ROWS_PER_PART);
        List<Integer> partNumbers = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partNumbers.add(p);
        }
        JavaRDD<byte[]> made = sc.parallelize(partNumbers, parts).flatMap(part -> new Iterator<byte[]>() {
            long row = part * ROWS_PER_PART;
            final long end = Math.min(rows, row + ROWS_PER_PART);

            @Override
            public boolean hasNext() {
                return row < end;
            }

            @Override
            public byte[] next() {
                return digit(real.value(), row++, range, seed);
            }
        });
        Files.deleteIfExists(tmp);
        switch (format) {
            case "csv" -> spark.createDataset(made.mapPartitions(part -> withHeader(header, part)).rdd(),
                    Encoders.STRING()).write().text(tmp.toString());
            case "libsvm" -> spark.createDataset(made.map(MakeDeformedDigits::libsvmLine).rdd(),
                    Encoders.STRING()).write().text(tmp.toString());
            case "parquet" -> spark.createDataFrame(made.map(MakeDeformedDigits::parquetRow), new StructType()
                    .add("label", DataTypes.DoubleType, false)
                    .add("features", SQLDataTypes.VectorType(), false)).write().parquet(tmp.toString());
            default -> throw new IllegalArgumentException("format " + format + ": expected csv, libsvm or parquet");
        }
        real.destroy();
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Row {@code row}: label then 784 pixels, real digit {@code row mod n} itself or its deformed copy. */
    static byte[] digit(byte[][] real, long row, Deformation.Range range, long seed) {
        byte[] digit = real[(int) (row % real.length)];
        int copy = (int) (row / real.length);
        if (copy == 0) {
            return digit;
        }
        byte[] pixels = java.util.Arrays.copyOfRange(digit, 1, digit.length);
        byte[] deformed = Deformation.of(range, RowKey.contentHash(digit[0], pixels), copy, seed).apply(pixels);
        byte[] row1 = new byte[1 + DigitShape.PIXELS];
        row1[0] = digit[0];
        System.arraycopy(deformed, 0, row1, 1, DigitShape.PIXELS);
        return row1;
    }

    private static Iterator<String> withHeader(String header, Iterator<byte[]> digits) {
        return new Iterator<>() {
            boolean headerDone;

            @Override
            public boolean hasNext() {
                return !headerDone || digits.hasNext();
            }

            @Override
            public String next() {
                if (!headerDone) {
                    headerDone = true;
                    return header;
                }
                byte[] d = digits.next();
                StringBuilder line = new StringBuilder(4 * d.length);
                line.append(d[0]);
                for (int p = 1; p < d.length; p++) {
                    line.append(',').append(d[p] & 0xFF);
                }
                return line.toString();
            }
        };
    }

    private static String libsvmLine(byte[] d) {
        StringBuilder line = new StringBuilder(2048);
        line.append(d[0]);
        for (int p = 1; p < d.length; p++) {
            if (d[p] != 0) {
                line.append(' ').append(p).append(':').append(d[p] & 0xFF);
            }
        }
        return line.toString();
    }

    private static Row parquetRow(byte[] d) {
        int nonZero = 0;
        for (int p = 1; p < d.length; p++) {
            nonZero += d[p] != 0 ? 1 : 0;
        }
        int[] indices = new int[nonZero];
        double[] values = new double[nonZero];
        int n = 0;
        for (int p = 1; p < d.length; p++) {
            if (d[p] != 0) {
                indices[n] = p - 1;
                values[n++] = d[p] & 0xFF;
            }
        }
        return RowFactory.create((double) d[0], Vectors.sparse(DigitShape.PIXELS, indices, values));
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
