package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.train.IterationMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    @Test
    void theTimeLeftGoesByTheIterationsNotByTheLoadBeforeThem() {
        StringWriter text = new StringWriter();
        long oneMinuteAgo = System.nanoTime() - 60_000_000_000L;   // the run started, then loaded for a minute
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true), 100, oneMinuteAgo);
        progress.iterationDone(new IterationMetrics(0, 2.3, 0.1, 0.1, 20, 2.3, 1), 500);
        String line = text.toString();
        // 499 iterations left at 20 ms each: 10 s, not 499 times the minute so far.
        assertTrue(line.contains("elapsed 1m00s  eta 10s"), line);
    }

    @Test
    void aResumedRunsPaceCountsOnlyItsOwnIterations() {
        StringWriter text = new StringWriter();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(text, true), 100, System.nanoTime());
        for (int it = 300; it <= 400; it++) {   // resumed at iteration 300 of 500
            progress.iterationDone(new IterationMetrics(it, 1.0, 0.9, 0.9, 50, 1.0, 1), 500);
        }
        String last = text.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        // After iteration 400, 99 iterations left at 50 ms each: 5 s.
        assertTrue(last.startsWith("iteration   400/500") && last.endsWith("eta 5s"), last);
    }
}
