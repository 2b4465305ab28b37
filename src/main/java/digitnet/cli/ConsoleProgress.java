package digitnet.cli;

import digitnet.train.IterationMetrics;
import digitnet.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;

/** A progress line every K iterations and after the last: loss, accuracies, elapsed time, ETA. */
final class ConsoleProgress implements Trainer.Listener {
    private final PrintWriter out;
    private final int every;
    private final long startNanos;
    private final Pace pace = new Pace();

    ConsoleProgress(PrintWriter out, int every, long startNanos) {
        this.out = out;
        this.every = every;
        this.startNanos = startNanos;
    }

    @Override
    public void iterationDone(IterationMetrics m, int total) {
        int done = m.iteration() + 1;
        pace.add(m);
        if (m.iteration() % every != 0 && done != total) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = pace.secondsFor(total - done);
        out.printf("iteration %5d/%d  loss %.4f  train %.4f  dev %s  elapsed %s  eta %s%n",
                m.iteration(), total, m.loss(), m.trainAccuracy(), accuracy(m.devAccuracy()),
                duration(elapsed), duration(eta));
    }

    /** An accuracy to four decimals, or a dash in the same width when there were no rows to measure. */
    static String accuracy(double value) {
        return Double.isNaN(value) ? "  -   " : String.format(Locale.ROOT, "%.4f", value);
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : s / 60 + "m" + String.format("%02d", s % 60) + "s";
    }
}
