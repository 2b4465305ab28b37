package digitnet.cli;

import digitnet.train.IterationMetrics;
import digitnet.train.Trainer;
import java.io.PrintWriter;

/** A progress line every K iterations and after the last: loss, accuracies, elapsed time, ETA. */
final class ConsoleProgress implements Trainer.Listener {
    private final PrintWriter out;
    private final int every;
    private final long startNanos;

    ConsoleProgress(PrintWriter out, int every, long startNanos) {
        this.out = out;
        this.every = every;
        this.startNanos = startNanos;
    }

    @Override
    public void iterationDone(IterationMetrics m, int total) {
        int done = m.iteration() + 1;
        if (m.iteration() % every != 0 && done != total) {
            return;
        }
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double eta = elapsed / done * (total - done);
        out.printf("iteration %5d/%d  loss %.4f  train %.4f  dev %s  elapsed %s  eta %s%n",
                m.iteration(), total, m.loss(), m.trainAccuracy(),
                Double.isNaN(m.devAccuracy()) ? "  -   " : String.format("%.4f", m.devAccuracy()),
                duration(elapsed), duration(eta));
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + "s" : s / 60 + "m" + String.format("%02d", s % 60) + "s";
    }
}
