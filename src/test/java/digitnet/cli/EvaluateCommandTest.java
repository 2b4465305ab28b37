package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestData;
import digitnet.TestModel;
import digitnet.report.ConfusionChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
    @TempDir
    Path tmp;

    @Test
    void agreesRowForRowWithPredict() throws Exception {
        Path predictions = tmp.resolve("predictions.csv");
        Cli.Result p = Cli.run("predict", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--out", predictions.toString(), "--partitions", "3");
        assertEquals(0, p.status(), p.toString());
        long[][] fromPredict = new long[10][10];
        for (String line : Files.readAllLines(predictions).subList(1, TestModel.ROWS + 1)) {
            String[] f = line.split(",");
            fromPredict[Integer.parseInt(f[1])][Integer.parseInt(f[2])]++;
        }

        Path out = tmp.resolve("evaluation");
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
        long sum = 0;
        long diagonal = 0;
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < 10; k++) {
                long n = json.get("confusion_rows_true_columns_predicted").get(d).get(k).asLong();
                assertEquals(fromPredict[d][k], n, "true " + d + " predicted " + k);
                sum += n;
                diagonal += d == k ? n : 0;
            }
        }
        assertEquals(TestModel.ROWS, sum, "the confusion matrix sums to the row count");
        assertEquals(json.get("correct").asLong(), diagonal, "its diagonal is the correct count");
        assertEquals((double) diagonal / TestModel.ROWS, json.get("accuracy").asDouble(), 0);
        assertTrue(r.out().contains(String.format("(%d of %d correct)", diagonal, TestModel.ROWS)), r.out());
        assertTrue(r.out().contains("true\\pred"), r.out());

        BufferedImage png = ImageIO.read(out.resolve("confusion.png").toFile());
        assertEquals(ConfusionChart.WIDTH, png.getWidth());
        assertEquals(ConfusionChart.HEIGHT, png.getHeight());
    }

    @Test
    void agreesWithTrainingsOwnFinalFigures() throws Exception {
        // The test model trained on all of its data (no dev rows), so train's final figures are
        // the same measurement through the production kernel.
        JsonNode run = new ObjectMapper().readTree(TestModel.run().resolve("run.json").toFile());
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--out", tmp.toString());
        assertEquals(0, r.status(), r.toString());
        JsonNode json = new ObjectMapper().readTree(tmp.resolve("evaluation.json").toFile());
        assertEquals(run.get("final").get("train_accuracy").asDouble(), json.get("accuracy").asDouble(), 0);
        assertEquals(run.get("final").get("loss").asDouble(), json.get("loss").asDouble(), 1e-9);
    }

    @Test
    void writesBesideTheModelByDefault() throws Exception {
        Path copy = Files.createDirectory(tmp.resolve("run"));
        Files.copy(TestModel.run().resolve("model.npz"), copy.resolve("model.npz"));
        Cli.Result r = Cli.run("evaluate", "--model", copy.toString(), "--data", TestModel.data().toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.exists(copy.resolve("evaluation.json")));
        assertTrue(Files.exists(copy.resolve("confusion.png")));
    }

    @Test
    void refusesUnlabelledData() throws Exception {
        Path test = TestModel.unlabelled(tmp.resolve("test.csv"));
        Path out = tmp.resolve("evaluation");
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", test.toString(),
                "--out", out.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals(List.of(r.err().strip()), r.err().strip().lines().toList());
        assertTrue(r.err().startsWith("error: " + test + ": has no label column"), r.toString());
        assertFalse(Files.exists(out));
    }

    /**
     * A run with 60 dev rows of 300: {@code --dev} scores exactly those rows, so its accuracy is
     * the dev accuracy train measured on the saved weights; in a file with the lines shuffled the
     * rows are found by content, and another file's rows are refused.
     */
    @Test
    void devScoresTheRunsOwnDevRows() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 300, 6);
        Path run = tmp.resolve("run");
        Cli.Result trained = Cli.run("train", "--data", data.toString(), "--out", run.toString(), "--dev-rows", "60",
                "--seed", "3", "--hidden", "8", "--iterations", "15", "--quiet");
        assertEquals(0, trained.status(), trained.toString());
        JsonNode saved = new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("saved_model");

        List<String> lines = TestData.lines(data);
        List<String> body = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(body, new Random(2));
        body.add(0, lines.get(0));
        Path shuffled = TestData.write(tmp.resolve("shuffled.csv"), body);
        for (Path file : List.of(data, shuffled)) {
            Path out = tmp.resolve("dev-" + file.getFileName());
            Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--data", file.toString(), "--dev",
                    "--out", out.toString());
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith(run + " on 60 digits of " + file
                    + ": the dev rows train held out (--dev-rows 60, --seed 3)"), r.out());
            JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());
            assertEquals(60, json.get("rows").asLong());
            assertEquals(saved.get("dev_accuracy").asDouble(), json.get("accuracy").asDouble(), 0, file.toString());
            assertEquals(saved.get("dev_loss").asDouble(), json.get("loss").asDouble(), 1e-9, file.toString());
        }

        Path fromRun = tmp.resolve("dev-from-run");
        Cli.Result found = Cli.run("evaluate", "--model", run.toString(), "--dev", "--out", fromRun.toString());
        assertEquals(0, found.status(), found.toString());
        assertTrue(found.out().startsWith(run + " on 60 digits of " + data + " (named by its run.json): the dev rows "
                + "train held out (--dev-rows 60, --seed 3)"), "without --data, the data run.json names: " + found.out());
        Cli.Result none = Cli.run("evaluate", "--model", run.toString(), "--out", fromRun.toString());
        assertEquals(2, none.status(), none.toString());
        assertEquals("error: missing required option --data PATH", none.err().strip());

        Path other = TestData.sample(tmp.resolve("other.csv"), 300, 7);
        Path out = tmp.resolve("refused");
        Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--data", other.toString(), "--dev",
                "--out", out.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + other + ": holds other rows than the data " + run + " trained on"),
                r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void devNeedsARunThatHeldRowsOut() throws Exception {
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--dev", "--out", tmp.resolve("refused").toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("error: " + TestModel.run() + ": the run held out no dev rows (--dev-rows 0), so --dev has "
                + "nothing to score", r.err().strip());

        Path bare = Files.createDirectory(tmp.resolve("bare"));
        Files.copy(TestModel.run().resolve("model.npz"), bare.resolve("model.npz"));
        r = Cli.run("evaluate", "--model", bare.toString(), "--data", TestModel.data().toString(), "--dev");
        assertEquals(1, r.status(), r.toString());
        assertEquals("error: " + bare.resolve("run.json") + ": missing; a folder train wrote holds one", r.err().strip());
        assertFalse(Files.exists(bare.resolve("evaluation.json")));
    }
}
