package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PySpark package's tests (python/tests, pytest) on real pyspark of this build's line with
 * this build's jar, through scripts/python-test.sh, which makes the line's Python environment
 * under target/python on first use. A skipped Python test fails them.
 */
class PySparkIT {

    @Test
    void thePythonPackagesTestsPassOnThisLinesPyspark() throws Exception {
        Path log = Project.freshFolder("pyspark").resolve("pytest.log");
        Process pytest = new ProcessBuilder("scripts/python-test.sh", Project.SPARK_LINE)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = pytest.waitFor(40, TimeUnit.MINUTES);
        if (!finished) {
            pytest.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);

        assertTrue(finished, "pytest did not finish in 40 minutes: " + log);
        assertEquals(0, pytest.exitValue(), "pytest failed, see " + log);
        assertTrue(Pattern.compile("^=+ \\d+ passed(, \\d+ warnings?)? in ", Pattern.MULTILINE).matcher(output).find(),
                "no passed tests, or some failed or skipped: " + log);
        assertFalse(output.contains("skipped"), "a Python test was skipped: " + log);
    }
}
