package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The notebook's settings (the defaults) on the bundled real digits reach 80% on dev. */
class NotebookAccuracyTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsReachEightyPercentOnDevWithin500Iterations() throws Exception {
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", TestData.BUNDLED.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertEquals(500, run.at("/settings/iterations").asInt());
        assertEquals(1000, run.at("/data/dev_rows").asInt());
        double dev = run.at("/final/dev_accuracy").asDouble();
        assertTrue(dev >= 0.80, "dev accuracy " + dev);
    }
}
