package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.StoredAs;
import digitnet.TestData;
import digitnet.TestModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad LIBSVM and Parquet input gets one {@code error:} line as bad CSV does: the file, the line
 * (LIBSVM) or the row or column (Parquet), and the problem. {@link digitnet.data.DigitLibsvmTest}
 * has every LIBSVM problem's message; here they travel through the command line.
 */
class BadFormatsTest {
    @TempDir
    static Path tmp;

    /** 20 good LIBSVM lines of real digits. */
    static List<String> libsvm;

    @BeforeAll
    static void sample() {
        libsvm = StoredAs.libsvmLines(TestData.sample(tmp.resolve("digits.csv"), 20, 5), false);
    }

    /** The 20 lines with line {@code lineNumber} (from 1) replaced, in {@code name}. */
    static Path libsvmWithLine(String name, int lineNumber, String replacement) {
        List<String> lines = new ArrayList<>(libsvm);
        lines.set(lineNumber - 1, replacement);
        return StoredAs.writeLines(tmp.resolve(name), lines);
    }

    static Stream<Arguments> badLibsvm() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("parts"));
        StoredAs.writeLines(folder.resolve("part-1.libsvm"), libsvm);
        StoredAs.writeLines(folder.resolve("part-2.libsvm"), List.of(libsvm.get(0), "", "3 1:5 1:6"));
        List<String> withBlanks = new ArrayList<>(List.of("", "  "));
        withBlanks.addAll(libsvm.subList(0, 4));
        withBlanks.add("7 2:0.2 3:12");
        return Stream.of(
                Arguments.of(libsvmWithLine("value.libsvm", 7, "4 100:12 101:300"),
                        "value.libsvm line 7: value 300.0 at index 101 is outside 0..255"),
                Arguments.of(libsvmWithLine("index.libsvm.gz", 12, "4 100:12 785:3"),
                        "index.libsvm.gz line 12: index 785 is outside 1..784"),
                Arguments.of(libsvmWithLine("zero.svm", 1, "4 0:12"), "zero.svm line 1: index 0 is outside 1..784"),
                Arguments.of(libsvmWithLine("label.libsvm", 20, "10 1:1"),
                        "label.libsvm line 20: label 10.0 is not one of the digits 0..9"),
                Arguments.of(libsvmWithLine("order.libsvm", 3, "1 9:1 8:1"),
                        "order.libsvm line 3: index 8 follows index 9; indices must ascend"),
                Arguments.of(libsvmWithLine("token.libsvm", 5, "1 9=1"),
                        "token.libsvm line 5: '9=1' is not index:value"),
                Arguments.of(StoredAs.writeLines(tmp.resolve("blanks.libsvm"), withBlanks),
                        "blanks.libsvm line 7: value 12.0 at index 3 is outside 0..1 (the row is read as "
                                + "pixel/255 for its value 0.2 at index 2"),
                Arguments.of(folder, "part-2.libsvm line 3: index 1 appears twice"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badLibsvm")
    void badLibsvmNamesTheLine(Path data, String expected) {
        BadInputTest.assertRefused(tmp.resolve("out-" + System.nanoTime()), 1, expected, "--data", data.toString());
    }

    private static final StructType VECTORS = new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());
    private static final StructType ARRAYS = new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", DataTypes.createArrayType(DataTypes.DoubleType));

    /** A row of {@link #ARRAYS}: a 3 with 784 pixels 0, but {@code value} at {@code index}. */
    static Row arrayRow(double label, int index, Double value) {
        List<Double> pixels = new ArrayList<>(Collections.nCopies(784, 0.0));
        pixels.set(index, value);
        return RowFactory.create(label, pixels);
    }

    static Stream<Arguments> badParquet() throws IOException {
        Path csv = TestData.sample(tmp.resolve("parquet-rows.csv"), 20, 6);
        Path mixed = Files.createDirectory(tmp.resolve("mixed.parquet"));
        for (StoredAs.Layout layout : List.of(StoredAs.Layout.VECTOR, StoredAs.Layout.PIXELS)) {
            Path one = StoredAs.parquet(csv, tmp.resolve("mixed-" + layout), layout);
            try (Stream<Path> parts = Files.list(one)) {
                Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
                Files.copy(part, mixed.resolve(layout + ".parquet"));
            }
        }
        StructType pixels = new StructType().add("label", DataTypes.IntegerType);
        for (int p = 0; p < 783; p++) {
            pixels = pixels.add("pixel" + p, DataTypes.IntegerType);
        }
        List<Object> lastMissing = new ArrayList<>(Collections.nCopies(784, (Object) 0));
        return Stream.of(
                Arguments.of(StoredAs.parquet(tmp.resolve("unlabelled.parquet"),
                        new StructType().add("features", SQLDataTypes.VectorType()),
                        List.of(RowFactory.create(Vectors.zeros(784)))),
                        ": no column label, so no labelled digits (columns: features)"),
                Arguments.of(StoredAs.parquet(tmp.resolve("short.parquet"), VECTORS,
                        List.of(RowFactory.create(3.0, Vectors.zeros(780)))),
                        " row 1: column features has 780 values, expected 784"),
                Arguments.of(StoredAs.parquet(tmp.resolve("value.parquet"), ARRAYS,
                        List.of(arrayRow(3, 0, 1.0), arrayRow(3, 1, 2.0), arrayRow(3, 5, 300.0))),
                        " row 3: column features: value 300.0 at index 5 is outside 0..255"),
                Arguments.of(StoredAs.parquet(tmp.resolve("fraction.parquet"), ARRAYS,
                        List.of(arrayRow(3, 0, 1.0), arrayRow(3, 9, 0.5003))),
                        " row 2: column features: value 0.5003 at index 9 is not a pixel/255"),
                Arguments.of(StoredAs.parquet(tmp.resolve("nan.parquet"), ARRAYS,
                        List.of(arrayRow(3, 0, 1.0), arrayRow(3, 4, Double.NaN))),
                        " row 2: column features: value NaN at index 4 is not a number"),
                Arguments.of(StoredAs.parquet(tmp.resolve("null.parquet"), ARRAYS,
                        List.of(arrayRow(3, 0, 1.0), arrayRow(3, 4, null))),
                        " row 2: column features: value at index 4 is null"),
                Arguments.of(StoredAs.parquet(tmp.resolve("label.parquet"), ARRAYS,
                        List.of(arrayRow(3, 0, 1.0), arrayRow(10, 0, 1.0))),
                        " row 2: label 10.0 is not one of the digits 0..9"),
                Arguments.of(StoredAs.parquet(tmp.resolve("half.parquet"), ARRAYS, List.of(arrayRow(3.5, 0, 1.0))),
                        " row 1: label 3.5 is not one of the digits 0..9"),
                Arguments.of(StoredAs.parquet(tmp.resolve("strings.parquet"),
                        new StructType().add("label", DataTypes.IntegerType).add("features", DataTypes.StringType),
                        List.of(RowFactory.create(3, "0,0,0"))),
                        ": column features is string, expected a Spark ML Vector or an array of numbers"),
                Arguments.of(StoredAs.parquet(tmp.resolve("pixels.parquet"), pixels,
                        List.of(RowFactory.create(lastMissing.toArray()))),
                        ": no column pixel783, though it has pixel0"),
                Arguments.of(mixed, "VECTOR.parquet: holds a label column and a features column of Vectors, but "),
                Arguments.of(tmp.resolve("digits.csv"), "digits.csv: cannot read as Parquet: "));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badParquet")
    void badParquetNamesTheRowOrColumn(Path data, String expected) {
        BadInputTest.assertRefused(tmp.resolve("out-" + System.nanoTime()), 1, expected, "--data", data.toString(),
                "--format", "parquet");
    }

    /** Inference takes Parquet without labels, but refuses it where labels are needed, as CSV. */
    @Test
    void evaluateRefusesParquetWithoutLabels() {
        Path test = StoredAs.parquet(TestModel.unlabelled(tmp.resolve("eval-test.csv")),
                tmp.resolve("eval-test.parquet"), StoredAs.Layout.PIXELS);
        Path out = tmp.resolve("evaluation");
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", test.toString(),
                "--out", out.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: " + test + ": has no label column"), r.err());
        assertFalse(Files.exists(out));
    }
}
