package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitnet.Cli;
import digitnet.ProjectPython;
import digitnet.TestData;
import digitnet.model.Model;
import digitnet.nn.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One step of {@code train --init-from} against the notebook's formulas computed independently
 * in NumPy (src/test/python/notebook_step.py), to 1e-10 of the step. NumPy is that of the project's Python environment ({@link ProjectPython}).
 */
class NotebookNumpyStepTest {
    @TempDir
    Path tmp;

    @Test
    void oneStepMatchesNumpy() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 1500, 8);
        Path init = tmp.resolve("init.npz");
        Layout layout = new Layout(10);
        new Model(layout, Init.UNIFORM.draw(layout, 3)).save(init);

        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--init-from", init.toString(),
                "--iterations", "1", "--dev-rows", "0", "--learning-rate", "0.1", "--out", out.toString());
        assertEquals(0, r.status(), r.toString());

        Outcome check = run(ProjectPython.executable(), "src/test/python/notebook_step.py", data.toString(),
                init.toString(), out.resolve("model.npz").toString(), "0.1");
        assertEquals(0, check.exitCode, check.output);
    }

    record Outcome(int exitCode, String output) {}

    private static Outcome run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Outcome(p.waitFor(), output);
    }
}
