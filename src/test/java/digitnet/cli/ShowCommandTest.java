package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShowCommandTest {
    @TempDir
    Path tmp;

    @Test
    void captionsComeFromThePredictionsPredictWrites() throws Exception {
        Path predictions = tmp.resolve("predictions.csv");
        Cli.Result p = Cli.run("predict", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--out", predictions.toString());
        assertEquals(0, p.status(), p.toString());
        Map<String, String> byId = new HashMap<>();
        for (String line : Files.readAllLines(predictions)) {
            byId.put(line.substring(0, line.indexOf(',')), line);
        }

        Path png = tmp.resolve("sheet.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--rows", "7,1,250", "--out", png.toString(), "--partitions", "4", "--list");
        assertEquals(0, r.status(), r.toString());
        List<String> out = r.out().lines().toList();
        assertEquals(byId.get("ImageId"), out.get(1));
        assertEquals(List.of(byId.get("7"), byId.get("1"), byId.get("250")), out.subList(2, 5));
        assertSize(png, 3 * 120, 150);
    }

    @Test
    void misclassifiedShowsOnlyWrongAnswers() throws Exception {
        Path png = tmp.resolve("wrong.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--misclassified", "12", "--out", png.toString(), "--list");
        assertEquals(0, r.status(), r.toString());
        List<String> rows = r.out().lines().skip(2).toList();
        assertEquals(12, rows.size(), r.out());
        for (String row : rows) {
            String[] f = row.split(",");
            assertNotEquals(f[1], f[2], row);
        }
        assertTrue(r.out().startsWith("wrote " + png + ": 12 digits, 1200x300 pixels, 12 wrong"), r.out());
        assertSize(png, 1200, 300);
    }

    @Test
    void randomIsSeededAndDefaultsToTheModelFolder() throws Exception {
        Path run = Files.createDirectory(tmp.resolve("run"));
        Files.copy(TestModel.run().resolve("model.npz"), run.resolve("model.npz"));
        String[] args = {"show", "--model", run.toString(), "--data", TestModel.data().toString(), "--random", "23", "--seed", "5", "--list"};
        Cli.Result first = Cli.run(args);
        Cli.Result again = Cli.run(args);
        assertEquals(0, first.status(), first.toString());
        assertEquals(first.out(), again.out());
        assertEquals(23 + 2, first.out().lines().count());
        assertSize(run.resolve("digits.png"), 1200, 450);
    }

    @Test
    void unlabelledDigitsShowWithoutTruth() throws Exception {
        Path test = TestModel.unlabelled(tmp.resolve("test.csv"));
        Path png = tmp.resolve("test.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", test.toString(), "--out", png.toString(),
                "--list");
        assertEquals(0, r.status(), r.toString());
        assertEquals("ImageId,Label", r.out().lines().skip(1).findFirst().orElseThrow());
        assertSize(png, 1200, 300);

        Cli.Result wrong = Cli.run("show", "--model", TestModel.run().toString(), "--data", test.toString(),
                "--misclassified", "3", "--out", tmp.resolve("none.png").toString());
        assertEquals(2, wrong.status(), wrong.toString());
        assertTrue(wrong.err().startsWith("error: " + test + ": has no label column"), wrong.toString());
        assertFalse(Files.exists(tmp.resolve("none.png")));
    }

    /** Without --list the console gets the one line that says what was written, not the rows the picture shows. */
    @Test
    void withoutListOneLineSaysWhatWasWritten() throws Exception {
        Path png = tmp.resolve("quiet.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--random", "30", "--out", png.toString());
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        List<String> out = r.out().lines().toList();
        assertEquals(1, out.size(), r.out());
        assertTrue(out.get(0).matches("wrote " + Pattern.quote(png.toString())
                + ": 30 digits, 1200x450 pixels, \\d+ wrong \\(framed in red\\)"), r.out());
        assertSize(png, 1200, 450);
    }

    @Test
    void refusesRowsOutsideTheData() {
        Path png = tmp.resolve("rows.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--rows", "1,301", "--out", png.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: --rows 301: ImageIds of "), r.toString());
        assertFalse(Files.exists(png));

        Cli.Result both = Cli.run("show", "--model", TestModel.run().toString(), "--data", TestModel.data().toString(),
                "--rows", "1", "--random", "3", "--out", png.toString());
        assertEquals(2, both.status(), both.toString());
        assertFalse(Files.exists(png));
    }

    private static void assertSize(Path png, int width, int height) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(width, image.getWidth(), png + " width");
        assertEquals(height, image.getHeight(), png + " height");
    }
}
