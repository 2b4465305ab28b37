package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.report.LearningCurve;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheThreeOutputs() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 300, 1);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--iterations", "3", "--dev-rows", "50", "--hidden", "4");
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.size(out.resolve("model.npz")) > 0);
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"train_rows\" : 250"));
        BufferedImage curve = ImageIO.read(out.resolve(LearningCurve.FILE_NAME).toFile());
        assertEquals(LearningCurve.WIDTH, curve.getWidth());
        assertEquals(LearningCurve.HEIGHT, curve.getHeight());
        assertTrue(r.out().contains("iteration     2/3"), "plain progress lines when stdout is not a terminal: " + r.out());
    }

    @Test
    void quietPrintsNothing() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 100, 2);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--iterations", "2", "--dev-rows", "0", "--hidden", "3", "--quiet");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.out() + r.err());
        assertTrue(Files.exists(out.resolve(LearningCurve.FILE_NAME)));
    }
}
