package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.TestData;
import digitnet.nn.Layout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * digitnet on a real Spark standalone cluster (a Master and two one-core Workers on 127.0.0.1),
 * submitted with {@code scripts/submit.sh}: the same model as local[2], an executor killed in
 * the middle of training, and a driver with a small fixed heap on ten times Kaggle's rows.
 */
class ClusterIT {
    /** Kaggle's train.csv has 42,000 rows. */
    static final int TEN_TIMES_KAGGLE = 420_000;

    static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(Project.freshFolder("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void trainsTheSameModelAsLocal() throws IOException {
        Path dir = Project.freshFolder("cluster-train");
        try (Launched driver = cluster.submit(dir.resolve("driver.log"), List.of(),
                Project.training(dir.resolve("run"), "--partitions", "3"))) {
            driver.awaitSuccess(Launched.seconds(300));
            // submit.sh chose the jar by what spark-submit says it is.
            assertTrue(driver.output().contains("digitnet: " + Project.JAR + " for Spark " + Project.SPARK_LINE + "."),
                    driver.tail());
        }

        assertArrayEquals(Reference.get().model(), Files.readAllBytes(dir.resolve("run/model.npz")));
    }

    @Test
    void losingAnExecutorMidTrainingChangesNothing() throws IOException {
        Path dir = Project.freshFolder("cluster-executor-lost");
        try (Launched driver = cluster.submit(dir.resolve("driver.log"), List.of(), Project.training(dir.resolve("run")))) {
            driver.await(Project.progress(6), Launched.seconds(300));
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "executors: " + executors);
            executors.get(0).destroyForcibly();
            driver.awaitSuccess(Launched.seconds(300));
            assertTrue(driver.output().contains("Lost executor"), "the driver did not see the loss:\n" + driver.tail());
        }

        assertArrayEquals(Reference.get().model(), Files.readAllBytes(dir.resolve("run/model.npz")));
    }

    /**
     * The driver holds the weights, one aggregated gradient and the metrics: O(parameters), not
     * O(rows). So the smallest driver heap Spark accepts (512 MB: it reserves 300 MB and asks for
     * 1.5 times that) trains on 420,000 rows (shifted copies of the bundled digits, about 770 MB
     * of CSV), and during training its live heap is well under what the rows' pixels alone would
     * take (420,000 × 784 bytes = 329 MB).
     */
    @Test
    void aSmallDriverHeapTrainsOnTenTimesKaggle() throws IOException {
        Path dir = Project.freshFolder("cluster-ten-times-kaggle");
        Path data = shiftedCopies(Files.createDirectories(dir.resolve("data")), TEN_TIMES_KAGGLE);
        long liveBytes;
        try (Launched driver = cluster.submit(dir.resolve("driver.log"), List.of("--driver-memory", "512m"),
                List.of("train", "--data", data.toString(), "--out", dir.resolve("run").toString(),
                        "--iterations", "3", "--eval-every", "1"))) {
            driver.await(Pattern.compile("iteration +0/3 "), Launched.seconds(600));
            liveBytes = liveHeapBytes(driver.handle());
            driver.awaitSuccess(Launched.seconds(300));
        } finally {
            Project.delete(data);
        }

        JsonNode run = new ObjectMapper().readTree(dir.resolve("run/run.json").toFile());
        assertEquals(TEN_TIMES_KAGGLE, run.path("data").path("rows").asLong(), run.toString());
        assertTrue(liveBytes < 100L << 20, "live driver heap " + (liveBytes >> 20) + " MB");
    }

    /** The bytes of the objects alive in a JVM, after the full collection that {@code jcmd GC.class_histogram} runs. */
    static long liveHeapBytes(ProcessHandle jvm) throws IOException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String histogram = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Matcher total = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$").matcher(histogram);
        assertTrue(total.find(), "jcmd printed no total:\n" + histogram);
        return Long.parseLong(total.group(1));
    }

    /**
     * Writes {@code rows} labelled digits into {@code folder} in files of Kaggle's size (42,000
     * rows): the bundled digits moved by up to 3 pixels each way, 10,000 digits a shift, so no
     * row repeats.
     */
    static Path shiftedCopies(Path folder, int rows) throws IOException {
        List<String> lines = TestData.lines().subList(1, TestData.lines().size());
        int[][] digits = lines.stream().map(TestData::fields).toArray(int[][]::new);
        byte[][] numbers = new byte[256][];
        Arrays.setAll(numbers, v -> ("," + v).getBytes(StandardCharsets.US_ASCII));
        int kaggle = TEN_TIMES_KAGGLE / 10;
        byte[] line = new byte[4 * (1 + Layout.PIXELS)];
        for (int file = 0; file * kaggle < rows; file++) {
            try (OutputStream out = new BufferedOutputStream(
                    Files.newOutputStream(folder.resolve(String.format("part-%02d.csv", file))), 1 << 20)) {
                out.write((TestData.header() + "\n").getBytes(StandardCharsets.US_ASCII));
                for (int row = file * kaggle; row < Math.min(rows, (file + 1) * kaggle); row++) {
                    int shift = row / digits.length;
                    int dx = shift % 7 - 3;
                    int dy = shift / 7 - 3;
                    int[] digit = digits[row % digits.length];
                    int length = 0;
                    line[length++] = (byte) ('0' + digit[0]);
                    for (int p = 0; p < Layout.PIXELS; p++) {
                        int r = p / 28 - dy;
                        int c = p % 28 - dx;
                        byte[] number = numbers[r >= 0 && r < 28 && c >= 0 && c < 28 ? digit[1 + r * 28 + c] : 0];
                        System.arraycopy(number, 0, line, length, number.length);
                        length += number.length;
                    }
                    line[length++] = '\n';
                    out.write(line, 0, length);
                }
            }
        }
        return folder;
    }
}
