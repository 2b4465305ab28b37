package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import digitnet.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NumberedDigitsTest {
    @TempDir
    Path tmp;

    @Test
    void numbersFollowTheLinesWhenSparkSplitsTheFile() {
        Path file = TestData.sample(tmp.resolve("digits.csv"), 200, 9);
        List<String> lines = TestData.lines(file);
        SparkSession spark = SharedSpark.session();
        String key = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(key);
        spark.conf().set(key, "16k");
        try (NumberedDigits digits = NumberedDigits.read(spark, StoredDigits.at(spark, file.toString()))) {
            assertTrue(digits.numbered().getNumPartitions() >= 10, "the file was read in "
                    + digits.numbered().getNumPartitions() + " partitions");
            assertEquals(200, digits.count());
            Map<Long, Digit> all = digits.numbered().collectAsMap();
            for (long id = 1; id <= 200; id++) {
                String line = lines.get((int) id);
                Digit d = all.get(id);
                assertEquals(TestData.fields(line)[0], d.label(), "ImageId " + id);
                assertArrayEquals(TestData.pixels(line), d.densePixels(), "ImageId " + id);
            }
        } finally {
            spark.conf().set(key, before);
        }
    }
}
