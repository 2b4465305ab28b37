package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
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
    }
}
