package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import digitnet.Cli;
import digitnet.SharedSpark;
import digitnet.TestModel;
import digitnet.ml.DigitNetClassificationModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --onnx} and {@code exportOnnx}: the graph, run in ONNX Runtime on the bundled test
 * digits, gives predict's labels and its probabilities to 1e-6.
 */
class OnnxExportTest {
    private static final Path TEST_DIGITS = Path.of("data/mnist-test.csv.gz");

    @TempDir
    Path tmp;

    @Test
    void onnxRuntimeGivesPredictsLabelsAndProbabilities() throws Exception {
        Path onnx = tmp.resolve("model.onnx");
        Cli.Result exported = Cli.run("export", "--model", TestModel.run().toString(), "--onnx", onnx.toString());
        assertEquals(0, exported.status(), exported.toString());
        assertTrue(exported.out().startsWith("wrote " + onnx + ": ONNX opset 13, 16 hidden units"), exported.out());

        Path predictions = tmp.resolve("predictions.csv");
        Cli.Result predicted = Cli.run("predict", "--model", TestModel.run().toString(), "--data", TEST_DIGITS.toString(),
                "--out", predictions.toString(), "--probabilities");
        assertEquals(0, predicted.status(), predicted.toString());
        List<String> rows = Files.readAllLines(predictions);
        assertEquals("ImageId,Label,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", rows.get(0));

        float[][] pixels = testDigits();
        assertEquals(1000, pixels.length);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                OnnxTensor input = OnnxTensor.createTensor(env, pixels);
                OrtSession.Result result = session.run(Map.of("pixels", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            long[] labels = (long[]) result.get("label").orElseThrow().getValue();
            assertEquals(pixels.length, labels.length);
            for (int i = 0; i < pixels.length; i++) {
                String[] f = rows.get(i + 1).split(",");
                assertEquals(Long.parseLong(f[1]), labels[i], "the label of ImageId " + f[0]);
                for (int k = 0; k < 10; k++) {
                    // predict writes 6 decimals (±5e-7); the graph rounds to float32 (±6e-8)
                    assertEquals(Double.parseDouble(f[2 + k]), probabilities[i][k], 1e-6, "p" + k + " of ImageId " + f[0]);
                }
            }
        }
    }

    @Test
    void theSparkModelExportsTheSameFile() throws Exception {
        Path fromCli = tmp.resolve("cli.onnx");
        assertEquals(0, Cli.run("export", "--model", TestModel.run().toString(), "--onnx", fromCli.toString()).status());
        SharedSpark.session();
        Path fromSpark = tmp.resolve("spark/model.onnx");
        DigitNetClassificationModel.load(TestModel.run().toString()).exportOnnx(fromSpark.toString());
        assertArrayEquals(Files.readAllBytes(fromCli), Files.readAllBytes(fromSpark));
        try (var files = Files.list(fromSpark.getParent())) {
            assertEquals(List.of(fromSpark), files.toList(), "written atomically: no temporary file stays");
        }
    }

    @Test
    void aModelThatIsNotOneIsRefusedAndNothingIsWritten() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.npz"), "not a zip");
        Path onnx = tmp.resolve("model.onnx");
        Cli.Result r = Cli.run("export", "--model", bad.toString(), "--onnx", onnx.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + bad), r.err());
        assertFalse(Files.exists(onnx));
    }

    /** The bundled test digits (Kaggle's test.csv format) as ONNX's input: float pixels 0..255, a row a digit. */
    private static float[][] testDigits() throws Exception {
        List<float[]> digits = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(TEST_DIGITS)), StandardCharsets.US_ASCII))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(",");
                float[] pixels = new float[f.length];
                for (int p = 0; p < f.length; p++) {
                    pixels[p] = Integer.parseInt(f[p]);
                }
                digits.add(pixels);
            }
        }
        return digits.toArray(float[][]::new);
    }
}
