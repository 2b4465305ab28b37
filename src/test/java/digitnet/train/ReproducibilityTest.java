package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestData;
import digitnet.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise: model.npz is a function of the multiset of rows, the seed and the settings only.
 * 5,000 rows make five blocks, so 1, 3 and 8 partitions group them in different ways.
 */
class ReproducibilityTest {
    @TempDir
    static Path tmp;

    static Path data;
    static byte[] onePartition;

    @BeforeAll
    static void trainOnOnePartition() throws Exception {
        data = TestData.sample(tmp.resolve("train.csv"), 5000, 5);
        onePartition = train(data, 1, "p1");
    }

    static byte[] train(Path file, int partitions, String name) throws Exception {
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run("train", "--data", file.toString(), "--out", out.toString(),
                "--partitions", Integer.toString(partitions), "--hidden", "6",
                "--iterations", "4", "--dev-rows", "300", "--seed", "9");
        assertEquals(0, r.status(), r.toString());
        return Files.readAllBytes(out.resolve("model.npz"));
    }

    /** Equal bytes prove nothing if training never moved the weights: it did, and the loss fell. */
    @Test
    void trainingMovedTheWeightsFromTheirStartingDrawAndLoweredTheLoss() throws Exception {
        Path run = tmp.resolve("p1");
        Model model = Model.load(run);
        assertFalse(Arrays.equals(Init.UNIFORM.draw(model.layout(), 9), model.params()),
                "the model is its starting draw");
        double first = Double.parseDouble(TestData.lines(run.resolve("metrics.csv")).get(1).split(",")[1]);
        double last = new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("final").get("loss").asDouble();
        assertTrue(last < first, "loss " + first + " at the start, " + last + " after 4 iterations");
    }

    @Test
    void threePartitionsGiveTheSameBytes() throws Exception {
        assertArrayEquals(onePartition, train(data, 3, "p3"));
    }

    @Test
    void eightPartitionsGiveTheSameBytes() throws Exception {
        assertArrayEquals(onePartition, train(data, 8, "p8"));
    }

    /** More partitions than blocks: most hold none, and the job's tasks group the rest (TaskGroups). */
    @Test
    void sixtyFourPartitionsMostOfThemEmptyGiveTheSameBytes() throws Exception {
        assertArrayEquals(onePartition, train(data, 64, "p64"));
    }

    @Test
    void shuffledLinesGiveTheSameBytes() throws Exception {
        List<String> lines = TestData.lines(data);
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(body, new Random(1));
        body.add(0, lines.get(0));
        Path shuffled = TestData.write(tmp.resolve("shuffled.csv"), body);
        assertArrayEquals(onePartition, train(shuffled, 2, "shuffled"));
    }

    @Test
    void aFolderOfGzippedPartsGivesTheSameBytes() throws Exception {
        List<String> lines = TestData.lines(data);
        Path folder = Files.createDirectories(tmp.resolve("parts"));
        int parts = 3;
        int per = (lines.size() - 1 + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            List<String> part = new ArrayList<>();
            part.add(lines.get(0));
            part.addAll(lines.subList(1 + i * per, Math.min(lines.size(), 1 + (i + 1) * per)));
            try (var out = new java.io.PrintWriter(new java.util.zip.GZIPOutputStream(
                    Files.newOutputStream(folder.resolve("part-" + i + ".csv.gz"))))) {
                part.forEach(out::println);
            }
        }
        assertArrayEquals(onePartition, train(folder, 4, "folder"));
    }

    @Test
    void anotherSeedGivesAnotherModel() throws Exception {
        Path out = tmp.resolve("seed10");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--partitions", "1", "--hidden", "6", "--iterations", "4", "--dev-rows", "300",
                "--seed", "10");
        assertEquals(0, r.status(), r.toString());
        byte[] other = Files.readAllBytes(out.resolve("model.npz"));
        assertFalse(Arrays.equals(onePartition, other));
    }
}
