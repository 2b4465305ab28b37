package digitnet.data;

import digitnet.UserError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Digits in Parquet files, as Spark users store them: a {@code label} column of numbers, and the
 * pixels either in a {@code features} column, a Spark ML Vector or an array of numbers (784 of
 * them), or in Kaggle's columns {@code pixel0..pixel783}. Without a {@code label} column the
 * digits are unlabelled, as Kaggle's test.csv. Pixel values are on either scale of
 * {@link DigitValues}.
 *
 * <p>Every file's schema is checked on the driver before any digit is read, so a missing or
 * mistyped column is named at once. The executors read the label as a double and the pixels as
 * a Vector's struct, as stored, or, for arrays and pixel columns, as one array of doubles. When
 * they find a bad row, {@link #badRecord} reads that one file again in order and names the row,
 * counting from 1.
 */
public final class DigitParquet implements DigitReader {
    private static final long serialVersionUID = 1L;

    static final String LABEL = "label";
    static final String FEATURES = "features";
    /** The fields of a Vector's struct (Spark's {@code VectorUDT}): type (0 sparse, 1 dense), size, indices, values. */
    private static final int VECTOR_FIELDS = 4;
    private static final byte SPARSE = 0;

    /** Where a file keeps the pixels. */
    enum Pixels {
        /** A {@code features} column of Spark ML Vectors. */
        VECTOR("a features column of Vectors"),
        /** A {@code features} column of arrays of numbers. */
        ARRAY("a features column of arrays"),
        /** The columns {@code pixel0..pixel783}, one number each. */
        COLUMNS("the columns pixel0..pixel783");

        final String description;

        Pixels(String description) {
            this.description = description;
        }
    }

    private final boolean labelled;
    private final Pixels pixels;

    DigitParquet(boolean labelled, Pixels pixels) {
        this.labelled = labelled;
        this.pixels = pixels;
    }

    /**
     * The layout of {@code files}, read from every file's schema: all must have the first's.
     *
     * @param labelsRequired refuse files without a {@code label} column
     */
    static DigitParquet inspect(SparkSession spark, List<Path> files, boolean labelsRequired) {
        DigitParquet first = null;
        for (Path file : files) {
            DigitParquet layout = of(file, schema(spark, file), labelsRequired);
            if (first == null) {
                first = layout;
            } else if (layout.labelled != first.labelled || layout.pixels != first.pixels) {
                throw new UserError(file + ": holds " + layout.describe() + ", but " + files.get(0) + " holds "
                        + first.describe() + "; every file must hold the same columns");
            }
        }
        return first;
    }

    /**
     * A file's schema as Spark reads it. Spark writes its schema into the footer of every Parquet
     * file it writes, under this key, and that is read on the driver as it is; for other files
     * Spark's reader finds the schema, in a Spark job a file (50-80 ms each, seconds for the 81
     * files of 8.1 million digits).
     */
    private static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

    private static StructType schema(SparkSession spark, Path file) {
        StructType written = writtenSchema(spark, file);
        return written != null ? written : readSchema(spark, file);
    }

    /** The schema Spark wrote into the file's footer, or null when there is none or the file is not Parquet. */
    private static StructType writtenSchema(SparkSession spark, Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(file, spark.sparkContext().hadoopConfiguration()))) {
            String json = reader.getFooter().getFileMetaData().getKeyValueMetaData().get(SPARK_SCHEMA_KEY);
            return json != null && DataType.fromJson(json) instanceof StructType schema ? schema : null;
        } catch (IOException | RuntimeException e) {
            return null; // Spark's reader then says what is wrong, as it does for any Parquet file
        }
    }

    private static StructType readSchema(SparkSession spark, Path file) {
        try {
            return spark.read().parquet(file.toString()).schema();
        } catch (Exception e) { // Scala code throws SparkException, a checked exception, without declaring it
            Throwable deepest = e;
            while (deepest.getCause() != null && deepest.getCause().getMessage() != null) {
                deepest = deepest.getCause();
            }
            throw new UserError(file + ": cannot read as Parquet: " + deepest.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The layout of one file's schema, or the error naming the column that does not fit. */
    private static DigitParquet of(Path file, StructType schema, boolean labelsRequired) {
        List<String> names = List.of(schema.fieldNames());
        Set<String> present = new HashSet<>(names);
        boolean labelled = present.contains(LABEL);
        if (!labelled && labelsRequired) {
            throw new UserError(file + ": no column " + LABEL + ", so no labelled digits (columns: "
                    + columns(names) + ")");
        }
        if (labelled) {
            requireNumbers(file, schema.apply(LABEL));
        }
        if (present.contains(FEATURES)) {
            DataType type = schema.apply(FEATURES).dataType();
            if (type.equals(SQLDataTypes.VectorType())) {
                return new DigitParquet(labelled, Pixels.VECTOR);
            }
            if (type instanceof ArrayType array && array.elementType() instanceof NumericType) {
                return new DigitParquet(labelled, Pixels.ARRAY);
            }
            throw new UserError(file + ": column " + FEATURES + " is " + type.simpleString()
                    + ", expected a Spark ML Vector or an array of numbers");
        }
        if (!present.contains(pixelColumn(0))) {
            throw new UserError(file + ": no column " + FEATURES + " (a Vector or an array of "
                    + DigitShape.PIXELS + " numbers) and no columns pixel0..pixel783 (columns: " + columns(names) + ")");
        }
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            if (!present.contains(pixelColumn(p))) {
                throw new UserError(file + ": no column " + pixelColumn(p) + ", though it has pixel0; the pixels are "
                        + "the columns pixel0..pixel783");
            }
            requireNumbers(file, schema.apply(pixelColumn(p)));
        }
        return new DigitParquet(labelled, Pixels.COLUMNS);
    }

    private static void requireNumbers(Path file, StructField column) {
        if (!(column.dataType() instanceof NumericType)) {
            throw new UserError(file + ": column " + column.name() + " is " + column.dataType().simpleString()
                    + ", expected numbers");
        }
    }

    /** At most the first ten of a file's column names. */
    private static String columns(List<String> names) {
        return names.size() <= 10 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
    }

    static String pixelColumn(int pixel) {
        return "pixel" + pixel;
    }

    private String describe() {
        return (labelled ? "a label column and " : "no label column and ") + pixels.description;
    }

    @Override
    public boolean isLabelled() {
        return labelled;
    }

    @Override
    public JavaRDD<Digit> digits(SparkSession spark, List<Path> files) {
        int fileColumn = fileColumn();
        return rows(spark, files).map(row -> {
            int[] values = new int[DigitShape.PIXELS];
            return problem(row, values) == null ? Digit.of(label(row), values, 0)
                    : Digit.bad(row.getUTF8String(fileColumn).toString());
        });
    }

    @Override
    public UserError badRecord(SparkSession spark, String sparkFile, List<Path> files) {
        Path file = DigitFiles.listed(sparkFile, files);
        List<Tuple2<String, Long>> first = rows(spark, List.of(file))
                .map(row -> problem(row, new int[DigitShape.PIXELS]))
                .zipWithIndex()
                .filter(t -> t._1() != null)
                .take(1);
        return new UserError(first.isEmpty() ? file + ": a row could not be read, but reading it again found none"
                : file + " row " + (first.get(0)._2() + 1) + ": " + first.get(0)._1());
    }

    /**
     * The rows of {@code files} in one shape whatever the layout, as Spark holds them inside a
     * query ({@link InternalRow}): the label as a double (when labelled), the pixels, and the
     * file. A Vector is then its struct of type, size, indices and values, read without making a
     * Vector of every row: the Vector objects, Spark's checks of their indices and the
     * 784-value copy of each made reading Parquet twice as slow as parsing the same digits' CSV
     * text. Spark reuses a row object for the next row, so each is read where it is met.
     */
    private JavaRDD<InternalRow> rows(SparkSession spark, List<Path> files) {
        List<Column> columns = new ArrayList<>();
        if (labelled) {
            columns.add(functions.col(LABEL).cast("double"));
        }
        columns.add(switch (pixels) {
            case VECTOR -> functions.col(FEATURES);
            case ARRAY -> functions.col(FEATURES).cast("array<double>");
            case COLUMNS -> functions.array(IntStream.range(0, DigitShape.PIXELS)
                    .mapToObj(p -> functions.col(pixelColumn(p)).cast("double")).toArray(Column[]::new));
        });
        columns.add(functions.input_file_name());
        return spark.read().parquet(files.stream().map(Path::toString).toArray(String[]::new))
                .select(columns.toArray(Column[]::new)).queryExecution().toRdd().toJavaRDD();
    }

    private int fileColumn() {
        return labelled ? 2 : 1;
    }

    private int label(InternalRow row) {
        return labelled ? (int) row.getDouble(0) : Digit.NO_LABEL;
    }

    /**
     * Writes the pixels of a row of {@link #rows} into {@code values} and returns null, or
     * returns what is wrong with the row.
     */
    String problem(InternalRow row, int[] values) {
        int column = 0;
        if (labelled) {
            if (row.isNullAt(column)) {
                return "label is null";
            }
            double label = row.getDouble(column);
            if (DigitValues.label(label) < 0) {
                return DigitValues.labelProblem(label);
            }
            column++;
        }
        if (row.isNullAt(column)) {
            return "column " + FEATURES + " is null";
        }
        InternalRow vector = pixels == Pixels.VECTOR ? row.getStruct(column, VECTOR_FIELDS) : null;
        ArrayData stored = vector == null ? row.getArray(column) : null;
        int size = vector == null ? stored.numElements()
                : vector.getByte(0) == SPARSE ? vector.getInt(1) : vector.getArray(3).numElements();
        if (size != DigitShape.PIXELS) {
            return "column " + FEATURES + " has " + size + " values, expected " + DigitShape.PIXELS;
        }
        String problem = vector != null ? vectorProblem(vector, values) : arrayProblem(stored, values);
        return problem == null ? null : (pixels == Pixels.COLUMNS ? "" : "column " + FEATURES + ": ") + problem;
    }

    /** As {@link #problem}, for the pixels of a Vector (as its struct) of 784 values. */
    private String vectorProblem(InternalRow vector, int[] values) {
        boolean sparse = vector.getByte(0) == SPARSE;
        double[] numbers = vector.getArray(3).toDoubleArray();
        int[] indices = sparse ? vector.getArray(2).toIntArray() : null;
        if (sparse) {
            String problem = indicesProblem(indices, numbers.length);
            if (problem != null) {
                return problem;
            }
        }
        return DigitValues.read(indices, numbers, values, place());
    }

    /**
     * What is wrong with a sparse Vector's indices, or null: they must match its values one for
     * one and rise strictly within 0..783, as Spark's own Vector checks them.
     */
    private static String indicesProblem(int[] indices, int valueCount) {
        if (indices.length != valueCount) {
            return "a sparse Vector of " + indices.length + " indices but " + valueCount + " values";
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= DigitShape.PIXELS) {
                return "index " + indices[i] + " is outside 0.." + (DigitShape.PIXELS - 1);
            }
            if (i > 0 && indices[i] <= indices[i - 1]) {
                return "index " + indices[i] + " follows " + indices[i - 1] + "; a sparse Vector's indices rise";
            }
        }
        return null;
    }

    /** As {@link #problem}, for pixels stored as 784 numbers (an array, or the pixel columns gathered into one). */
    private String arrayProblem(ArrayData stored, int[] values) {
        double[] numbers = new double[DigitShape.PIXELS];
        for (int p = 0; p < DigitShape.PIXELS; p++) {
            if (stored.isNullAt(p)) {
                return "value " + place().apply(p) + " is null";
            }
            numbers[p] = stored.getDouble(p);
        }
        return DigitValues.read(null, numbers, values, place());
    }

    private IntFunction<String> place() {
        return pixels == Pixels.COLUMNS ? p -> "in column " + pixelColumn(p) : p -> "at index " + p;
    }
}
