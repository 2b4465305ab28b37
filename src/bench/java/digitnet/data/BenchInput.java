package digitnet.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What the loading benchmarks share: the stored input's size, and a quiet local Spark session. */
public final class BenchInput {
    private BenchInput() {}

    /** The bytes of the file at {@code path}, or of every file under the folder. */
    public static long bytes(String path) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(path))) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** A Spark session on {@code master} without the UI, on loopback. */
    public static SparkSession spark(String app, String master) {
        return SparkSession.builder().master(master).appName(app)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }
}
