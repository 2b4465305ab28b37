package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.TestModel;
import digitnet.model.Model;
import digitnet.nn.Forward;
import digitnet.nn.Softmax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
    @TempDir
    Path tmp;

    @Test
    void imageIdsFollowInputOrderWhateverThePartitioning() throws Exception {
        List<String> input = TestData.lines(TestModel.data());
        List<String> expected = expectedRows(input);
        String first = null;
        for (String partitions : List.of("1", "3", "8")) {
            Path out = tmp.resolve("predictions-" + partitions + ".csv");
            Cli.Result r = Cli.run("predict", "--model", TestModel.run().toString(),
                    "--data", TestModel.data().toString(), "--out", out.toString(), "--partitions", partitions);
            assertEquals(0, r.status(), r.toString());
            List<String> lines = Files.readAllLines(out);
            assertEquals("ImageId,Label,Predicted,Confidence", lines.get(0));
            List<String> rows = lines.subList(1, lines.size());
            assertEquals(TestModel.ROWS, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                String[] f = rows.get(i).split(",");
                assertEquals(expected.get(i), f[0] + "," + f[1] + "," + f[2], "row " + (i + 1) + " with " + partitions + " partitions");
            }
            String content = Files.readString(out);
            if (first == null) {
                first = content;
            }
            assertEquals(first, content, "--partitions " + partitions + " changed the file");
        }
    }

    @Test
    void writesKaggleSubmissionsForTestFormat() throws Exception {
        Path test = TestModel.unlabelled(tmp.resolve("test.csv"));
        Path out = tmp.resolve("submission.csv");
        Cli.Result r = Cli.run("predict", "--model", TestModel.run().resolve("model.npz").toString(),
                "--data", test.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("ImageId,Label", lines.get(0));
        assertEquals(TestModel.ROWS + 1, lines.size());
        List<String> expected = expectedRows(TestData.lines(TestModel.data()));
        for (int i = 1; i < lines.size(); i++) {
            String[] e = expected.get(i - 1).split(",");
            assertEquals(e[0] + "," + e[2], lines.get(i), "line " + (i + 1));
        }
    }

    @Test
    void probabilitiesAddTenColumnsSummingToOne() throws Exception {
        Path out = tmp.resolve("p.csv");
        Cli.Result r = Cli.run("predict", "--model", TestModel.run().toString(),
                "--data", TestModel.data().toString(), "--out", out.toString(), "--probabilities");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = Files.readAllLines(out);
        assertEquals("ImageId,Label,Predicted,Confidence,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            double[] f = Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray();
            double sum = Arrays.stream(f, 4, 14).sum();
            assertEquals(1.0, sum, 1e-5, line);
            assertEquals(f[3], f[4 + (int) f[2]], 0, "Confidence is p of the predicted digit: " + line);
        }
    }

    @Test
    void aFolderIsReadInFileNameOrderWhateverTheFileSizes() throws Exception {
        List<String> input = TestData.lines(TestModel.data());
        Path folder = Files.createDirectory(tmp.resolve("parts"));
        // a.csv is the small one: a reader that takes big files first would number b.csv first.
        List<String> a = new ArrayList<>(input.subList(0, 21));
        List<String> b = new ArrayList<>(input.subList(0, 1));
        b.addAll(input.subList(21, input.size()));
        TestData.write(folder.resolve("a.csv"), a);
        TestData.write(folder.resolve("b.csv"), b);
        Path out = tmp.resolve("folder.csv");
        Cli.Result r = Cli.run("predict", "--model", TestModel.run().toString(),
                "--data", folder.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        List<String> lines = Files.readAllLines(out);
        List<String> expected = expectedRows(input);
        assertEquals(TestModel.ROWS + 1, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(expected.get(i - 1) + ","), "line " + (i + 1));
        }
    }

    @Test
    void badInputGivesOneErrorLineAndWritesNothing() throws Exception {
        Path model = TestModel.run();
        Path data = TestModel.data();
        Path notAModel = Files.writeString(tmp.resolve("model.npz"), "not a zip");
        List<String> input = new ArrayList<>(TestData.lines(data));
        input.set(5, input.get(5).replaceFirst(",0,", ",x,"));
        Path badLine = TestData.write(tmp.resolve("bad-line.csv"), input);
        Path badHeader = TestData.write(tmp.resolve("bad-header.csv"), List.of("a,b,c", "1,2,3"));
        Path out = tmp.resolve("out.csv");

        expectError(out, "nothing: no such file", "--model", tmp.resolve("nothing").toString(), "--data", data.toString());
        expectError(out, "model.npz: not a .npz", "--model", notAModel.toString(), "--data", data.toString());
        expectError(out, "bad-line.csv line 6: pixel", "--model", model.toString(), "--data", badLine.toString());
        expectError(out, "bad-header.csv line 1: header is neither", "--model", model.toString(), "--data", badHeader.toString());
        expectError(out, "no such file", "--model", model.toString(), "--data", tmp.resolve("missing.csv").toString());
        Path noFolder = tmp.resolve("no-folder").resolve("out.csv");
        expectError(noFolder, "does not exist", "--model", model.toString(), "--data", data.toString(), "--out", noFolder.toString());
        expectError(tmp, "is a directory", "--model", model.toString(), "--data", data.toString(), "--out", tmp.toString());
    }

    /** Runs predict, which must fail with one error line containing {@code message} and leave {@code out} as it was. */
    private void expectError(Path out, String message, String... args) throws Exception {
        boolean existed = Files.exists(out);
        List<String> command = new ArrayList<>(List.of("predict"));
        command.addAll(List.of(args));
        if (!command.contains("--out")) {
            command.addAll(List.of("--out", out.toString()));
        }
        Cli.Result r = Cli.run(command.toArray(String[]::new));
        assertEquals(1, r.status(), r.toString());
        String[] errLines = r.err().strip().split("\n");
        assertEquals(1, errLines.length, r.toString());
        assertTrue(errLines[0].startsWith("error: ") && errLines[0].contains(message), r.toString());
        assertEquals(existed, Files.exists(out), "predict wrote " + out);
    }

    /** "ImageId,Label,Predicted" for each input data line, computed on the driver with the model's weights. */
    static List<String> expectedRows(List<String> input) {
        Model model = Model.load(TestModel.run());
        List<String> rows = new ArrayList<>();
        for (int i = 1; i < input.size(); i++) {
            int[] pixels = TestData.pixels(input.get(i));
            int predicted = Softmax.argmax(Forward.logits(model.params(), model.layout(), pixels));
            rows.add(i + "," + TestData.fields(input.get(i))[0] + "," + predicted);
        }
        return rows;
    }
}
