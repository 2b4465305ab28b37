package digitnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One small model trained once per test JVM, for the tests of the commands that use a model:
 * 300 bundled digits (seed 4), no dev rows, 16 hidden units, 40 iterations. It gets some digits
 * right and some wrong, which is all those tests need.
 */
public final class TestModel {
    public static final int ROWS = 300;

    private static Path dir;

    private TestModel() {}

    /** The run folder of the model (holding model.npz, metrics.csv, run.json, learning-curve.png). */
    public static Path run() {
        return folder().resolve("run");
    }

    /** The labelled CSV the model was trained on. */
    public static Path data() {
        return folder().resolve("digits.csv");
    }

    private static synchronized Path folder() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("digitnet-test-model");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
                TestData.sample(d.resolve("digits.csv"), ROWS, 4);
                Cli.Result r = Cli.run("train", "--data", d.resolve("digits.csv").toString(),
                        "--out", d.resolve("run").toString(), "--dev-rows", "0", "--hidden", "16",
                        "--iterations", "40", "--quiet");
                if (r.status() != 0) {
                    throw new IllegalStateException("training the test model failed: " + r);
                }
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /** The same digits without the label column: Kaggle's test.csv format. */
    public static Path unlabelled(Path file) {
        List<String> lines = new ArrayList<>();
        for (String line : TestData.lines(data())) {
            lines.add(line.substring(line.indexOf(',') + 1));
        }
        return TestData.write(file, lines);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temporary folder is harmless.
        }
    }
}
