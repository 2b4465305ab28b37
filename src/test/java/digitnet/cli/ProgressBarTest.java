package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.train.IterationMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private long now;

    @Test
    void redrawsOneLineAtMostTenTimesASecondAndEndsWithANewline() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 0, () -> now);
        for (int it = 0; it < 100; it++) {
            now = (it + 1) * 20_000_000L; // 50 iterations a second
            bar.iterationDone(new IterationMetrics(it, 1.5, 0.5, Double.NaN, 20, Double.NaN, 1), 100);
        }
        String out = text.toString();
        String[] draws = out.split("\r", -1);
        // Iteration 1, then every 100 ms (every 5th iteration), and the last one.
        assertEquals(1 + 1 + 20, draws.length, out);
        assertEquals("[............]   1% 1/100 50.0 it/s eta 2s  loss 1.5000 train 0.5000 dev -", draws[1]);
        assertEquals("[############] 100% 100/100 50.0 it/s took 2s  loss 1.5000 train 0.5000 dev -\n",
                draws[draws.length - 1]);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), out);
        for (String draw : draws) {
            assertTrue(draw.strip().length() <= 79, draw);
        }
    }
}
