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
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of a Parquet file keep their order when Spark reads the file in several partitions (one
 * a row group): ImageIds and the row numbers of errors count rows as the file holds them.
 */
class DigitParquetTest {
    private static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType());

    @TempDir
    Path tmp;

    /** {@code lines}' digits as one Parquet file of many small row groups. */
    private Path parquetOfSmallRowGroups(List<String> lines, Path folder) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            int[] f = TestData.fields(line);
            double[] pixels = new double[DigitShape.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = f[p + 1];
            }
            rows.add(RowFactory.create((double) f[0], Vectors.dense(pixels).toSparse()));
        }
        SharedSpark.session().createDataFrame(rows, SCHEMA).coalesce(1).write()
                .option("parquet.block.size", "8192")
                .option("parquet.block.size.row.check.min", "5")
                .option("parquet.block.size.row.check.max", "5")
                .parquet(folder.toString());
        return folder;
    }

    @Test
    void rowsKeepTheirOrderWhenSparkSplitsTheFile() {
        List<String> lines = TestData.lines(TestData.sample(tmp.resolve("digits.csv"), 200, 12));
        List<String> body = lines.subList(1, lines.size());
        Path parquet = parquetOfSmallRowGroups(body, tmp.resolve("digits.parquet"));

        List<String> bad = new ArrayList<>(body);
        bad.set(149, "10" + bad.get(149).substring(bad.get(149).indexOf(',')));
        Path badParquet = parquetOfSmallRowGroups(bad, tmp.resolve("bad.parquet"));

        SparkSession spark = SharedSpark.session();
        String key = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(key);
        spark.conf().set(key, "16k");
        try (NumberedDigits digits = NumberedDigits.read(spark, StoredDigits.at(spark, parquet.toString()))) {
            assertTrue(digits.numbered().getNumPartitions() >= 4, "the file was read in "
                    + digits.numbered().getNumPartitions() + " partitions");
            Map<Long, Digit> all = digits.numbered().collectAsMap();
            assertEquals(200, all.size());
            for (long id = 1; id <= 200; id++) {
                String line = body.get((int) id - 1);
                assertEquals(TestData.fields(line)[0], all.get(id).label(), "ImageId " + id);
                assertArrayEquals(TestData.pixels(line), all.get(id).densePixels(), "ImageId " + id);
            }
            UserError e = assertThrows(UserError.class,
                    () -> NumberedDigits.read(spark, StoredDigits.at(spark, badParquet.toString())));
            assertTrue(e.getMessage().matches(".*bad\\.parquet/part-[^ ]*\\.parquet row 150: "
                    + "label 10\\.0 is not one of the digits 0\\.\\.9"), e.getMessage());
        } finally {
            spark.conf().set(key, before);
        }
    }
}
