package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestModel;
import digitnet.report.ConfusionChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
