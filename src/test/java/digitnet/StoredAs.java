package digitnet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of a test CSV (labelled, or Kaggle's test format) stored as LIBSVM or Parquet, in
 * the same order, for the tests of those formats: the same rows must read as the same digits.
 */
public final class StoredAs {
    private StoredAs() {}

    /** The Parquet layouts digitnet reads. */
    public enum Layout {
        /** {@code label} (double) and {@code features}, a sparse Spark ML Vector. */
        VECTOR,
        /** {@code label} (int) and {@code features}, an array of ints. */
        ARRAY,
        /** Kaggle's columns: {@code label} then {@code pixel0..pixel783}, ints; without label for test.csv. */
        PIXELS
    }

    /**
     * The LIBSVM lines of a labelled CSV's data lines: {@code label index:value} for the non-zero
     * pixels, values 0..255, or pixel/255 with six significant digits as LIBSVM's mnist.scale.
     */
    public static List<String> libsvmLines(Path csv, boolean scaled) {
        List<String> lines = new ArrayList<>();
        for (int[] fields : rows(csv)) {
            StringBuilder line = new StringBuilder().append(fields[0]);
            for (int p = 1; p < fields.length; p++) {
                if (fields[p] != 0) {
                    line.append(' ').append(p).append(':')
                            .append(scaled ? String.format(Locale.ROOT, "%g", fields[p] / 255.0) : fields[p]);
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** Writes {@link #libsvmLines} to {@code file}, gzipped when its name ends in .gz. */
    public static Path libsvm(Path csv, Path file, boolean scaled) {
        return writeLines(file, libsvmLines(csv, scaled));
    }

    /** Writes {@code lines} to {@code file}, gzipped when its name ends in .gz. */
    public static Path writeLines(Path file, List<String> lines) {
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = file.toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV's rows as a Parquet folder (one part file, rows in file order) in {@code layout}. */
    public static Path parquet(Path csv, Path folder, Layout layout) {
        return parquet(csv, folder, layout, Map.of());
    }

    /**
     * The CSV's rows as a Parquet folder of one part file in row groups of about 8 KB, which
     * Spark reads in several partitions when {@code spark.sql.files.maxPartitionBytes} is small.
     */
    public static Path parquetOfSmallRowGroups(Path csv, Path folder, Layout layout) {
        return parquet(csv, folder, layout, Map.of("parquet.block.size", "8192",
                "parquet.block.size.row.check.min", "5", "parquet.block.size.row.check.max", "5"));
    }

    private static Path parquet(Path csv, Path folder, Layout layout, Map<String, String> writeOptions) {
        boolean labelled = TestData.lines(csv).get(0).startsWith("label,");
        StructType schema = new StructType();
        if (labelled) {
            schema = schema.add("label", layout == Layout.VECTOR ? DataTypes.DoubleType : DataTypes.IntegerType);
        }
        switch (layout) {
            case VECTOR -> schema = schema.add("features", SQLDataTypes.VectorType());
            case ARRAY -> schema = schema.add("features", DataTypes.createArrayType(DataTypes.IntegerType));
            case PIXELS -> {
                for (int p = 0; p < 784; p++) {
                    schema = schema.add("pixel" + p, DataTypes.IntegerType);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int[] fields : rows(csv)) {
            int first = labelled ? 1 : 0;
            int[] pixels = Arrays.copyOfRange(fields, first, fields.length);
            List<Object> values = new ArrayList<>();
            if (labelled) {
                values.add(layout == Layout.VECTOR ? (Object) (double) fields[0] : (Object) fields[0]);
            }
            switch (layout) {
                case VECTOR -> values.add(Vectors.dense(Arrays.stream(pixels).asDoubleStream().toArray()).toSparse());
                case ARRAY -> values.add(Arrays.stream(pixels).boxed().toList());
                case PIXELS -> Arrays.stream(pixels).forEach(values::add);
            }
            rows.add(RowFactory.create(values.toArray()));
        }
        return parquet(folder, schema, rows, writeOptions);
    }

    /** {@code rows} as a Parquet folder with one part file, in order. */
    public static Path parquet(Path folder, StructType schema, List<Row> rows) {
        return parquet(folder, schema, rows, Map.of());
    }

    private static Path parquet(Path folder, StructType schema, List<Row> rows, Map<String, String> writeOptions) {
        SharedSpark.session().createDataFrame(rows, schema).coalesce(1).write().options(writeOptions)
                .parquet(folder.toString());
        return folder;
    }

    /** A CSV's data lines as integers. */
    private static List<int[]> rows(Path csv) {
        List<String> lines = TestData.lines(csv);
        return lines.subList(1, lines.size()).stream().map(TestData::fields).toList();
    }
}
