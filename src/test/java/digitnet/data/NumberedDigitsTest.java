package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import digitnet.StoredAs;
import digitnet.TestData;
import digitnet.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ImageIds, and the places of bad rows, follow the rows as the file holds them, also when Spark
 * reads one file in many partitions (CSV: byte ranges; Parquet: row groups).
 */
class NumberedDigitsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csv", "parquet"})
    void numbersFollowTheRowsWhenSparkSplitsTheFile(String format) {
        Path csv = TestData.sample(tmp.resolve("digits.csv"), 200, 9);
        List<String> lines = TestData.lines(csv);
        Path file = format.equals("csv") ? csv
                : StoredAs.parquetOfSmallRowGroups(csv, tmp.resolve("digits.parquet"), StoredAs.Layout.VECTOR);
        SparkSession spark = SharedSpark.session();
        inSmallPartitions(spark, () -> {
            try (NumberedDigits digits = NumberedDigits.read(spark, StoredDigits.at(spark, file.toString()))) {
                assertTrue(digits.numbered().getNumPartitions() >= 4, "the file was read in "
                        + digits.numbered().getNumPartitions() + " partitions");
                assertEquals(200, digits.count());
                Map<Long, Digit> all = digits.numbered().collectAsMap();
                for (long id = 1; id <= 200; id++) {
                    String line = lines.get((int) id);
                    Digit d = all.get(id);
                    assertEquals(TestData.fields(line)[0], d.label(), "ImageId " + id);
                    assertArrayEquals(TestData.pixels(line), d.densePixels(), "ImageId " + id);
                }
            }
        });
    }

    @Test
    void aBadParquetRowIsNamedByItsPlaceInTheFile() {
        List<String> lines = new ArrayList<>(TestData.lines(TestData.sample(tmp.resolve("digits.csv"), 200, 12)));
        lines.set(150, "10" + lines.get(150).substring(lines.get(150).indexOf(',')));
        Path bad = StoredAs.parquetOfSmallRowGroups(TestData.write(tmp.resolve("bad.csv"), lines),
                tmp.resolve("bad.parquet"), StoredAs.Layout.VECTOR);
        SparkSession spark = SharedSpark.session();
        inSmallPartitions(spark, () -> {
            UserError e = assertThrows(UserError.class,
                    () -> NumberedDigits.read(spark, StoredDigits.at(spark, bad.toString())));
            assertTrue(e.getMessage().matches(".*bad\\.parquet/part-[^ ]*\\.parquet row 150: "
                    + "label 10\\.0 is not one of the digits 0\\.\\.9"), e.getMessage());
        });
    }

    /** Runs {@code test} with Spark splitting files into partitions of 16 KB. */
    private static void inSmallPartitions(SparkSession spark, Runnable test) {
        String key = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(key);
        spark.conf().set(key, "16k");
        try {
            test.run();
        } finally {
            spark.conf().set(key, before);
        }
    }
}
