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
    /** Far above the run's few minutes (more on first use, which makes the environment). */
    private static final int TIMEOUT_MINUTES = 20;

    @Test
    void thePythonPackagesTestsPassOnThisLinesPyspark() throws Exception {
        Path log = Project.freshFolder("pyspark").resolve("pytest.log");
        Process pytest = new ProcessBuilder("scripts/python-test.sh", Project.SPARK_LINE)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = pytest.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
            // pytest and the JVMs of its Spark sessions are the script's descendants, not itself.
            pytest.descendants().forEach(ProcessHandle::destroyForcibly);
            pytest.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println(output);

        assertTrue(finished, "pytest did not finish in " + TIMEOUT_MINUTES + " minutes: " + log);
        assertEquals(0, pytest.exitValue(), "pytest failed, see " + log);
        assertTrue(Pattern.compile("^=+ \\d+ passed(, \\d+ warnings?)? in ", Pattern.MULTILINE).matcher(output).find(),
                "no passed tests, or some failed or skipped: " + log);
        assertFalse(output.contains("skipped"), "a Python test was skipped: " + log);
    }
}
