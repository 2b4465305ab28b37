package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * the middle of training, a driver with a small fixed heap on ten times Kaggle's rows, small
 * executors packing a partition larger than their heap, and an executor out of memory.
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

    /**
     * Executors of 512 MB (the least Spark accepts: it reserves 300 MB and asks for 1.5 times
     * that) pack one partition of 420,000 rows, whose pixels alone (329 MB) and their blocks
     * (about 380 MB) do not fit in the heap together: the shuffle sorts and spills, the packer
     * holds one block at a time, and the blocks that do not fit in storage memory go to disk,
     * which the driver says once.
     */
    @Test
    void aPartitionLargerThanAnExecutorsHeapPacksAndSpillsToDisk() throws IOException {
        Path dir = Project.freshFolder("cluster-large-partition");
        Path data = shiftedCopies(Files.createDirectories(dir.resolve("data")), TEN_TIMES_KAGGLE);
        String output;
        try (Launched driver = cluster.submit(dir.resolve("driver.log"), List.of("--executor-memory", "512m"),
                List.of("train", "--data", data.toString(), "--out", dir.resolve("run").toString(),
                        "--partitions", "1", "--iterations", "2", "--eval-every", "1"))) {
            driver.awaitSuccess(Launched.seconds(900));
            output = driver.output();
        } finally {
            Project.delete(data);
        }

        JsonNode run = new ObjectMapper().readTree(dir.resolve("run/run.json").toFile());
        assertEquals(TEN_TIMES_KAGGLE, run.path("data").path("rows").asLong(), run.toString());
        List<String> warnings = output.lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), output);
        assertTrue(warnings.get(0).matches("warning: [0-9,]+ MB of the [0-9,]+ MB of cached training data did not fit "
                + "in storage memory and went to disk; .* raise spark\\.executor\\.memory \\(--executor-memory, now 512m\\) "
                + "to about [0-9]+g, or add executors"), warnings.get(0));
    }

    /**
     * An executor that runs out of memory (weights of 30,000 hidden units, 188 MB a copy, in a
     * 512 MB executor) ends the run at once with one line that says so and names the setting,
     * not after minutes of retries with a shuffle fetch failure.
     */
    @Test
    void anExecutorOutOfMemoryEndsTheRunWithOneErrorLine() {
        Path dir = Project.freshFolder("cluster-out-of-memory");
        String output;
        try (Launched driver = cluster.submit(dir.resolve("driver.log"),
                List.of("--executor-memory", "512m", "--driver-memory", "2g"),
                Project.training(dir.resolve("run"), "--hidden", "30000"))) {
            assertEquals(1, driver.waitFor(Launched.seconds(600)), driver.tail());
            output = driver.output();
        }

        List<String> errors = output.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(List.of(), errors.stream().filter(l -> !l.matches("error: executor \\d+ ran out of memory "
                + "\\(java\\.lang\\.OutOfMemoryError\\); give executors more with --executor-memory "
                + "\\(spark\\.executor\\.memory, now 512m\\)")).toList(), output);
        assertEquals(1, errors.size(), output);
        assertFalse(output.contains("MetadataFetchFailedException"), output);
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
