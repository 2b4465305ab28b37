package digitnet.cli;

import digitnet.train.IterationMetrics;
import digitnet.train.Trainer;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for a terminal: one line of at most 79 columns redrawn in place (carriage
 * return) at most ten times a second, with the iteration, iterations per second, the time left,
 * the loss and the accuracies; a newline after the last iteration. Output that is not a terminal gets {@link ConsoleProgress}'s
 * plain lines instead, which a log file can hold.
 */
final class ProgressBar implements Trainer.Listener {
    private static final int BAR_WIDTH = 12;
    /** A line as wide as the terminal would wrap, and a carriage return cannot redraw a wrapped line. */
    private static final int MAX_COLUMNS = 79;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter out;
    private final long startNanos;
    private final LongSupplier clock;
    private long lastDrawNanos;
    private int lastLength;
    private final Pace pace = new Pace();

    ProgressBar(PrintWriter out, long startNanos, LongSupplier clock) {
        this.out = out;
        this.startNanos = startNanos;
        this.clock = clock;
        this.lastDrawNanos = startNanos - REDRAW_NANOS;
    }

    @Override
    public void iterationDone(IterationMetrics m, int total) {
        long now = clock.getAsLong();
        int done = m.iteration() + 1;
        pace.add(m);
        boolean last = done == total;
        if (!last && now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        double elapsed = Math.max(now - startNanos, 1) / 1e9;
        int filled = (int) ((long) BAR_WIDTH * done / total);
        String full = String.format(Locale.ROOT, "[%s%s] %3d%% %d/%d %.1f it/s %s %s  loss %.4f train %.4f dev %s",
                "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), 100L * done / total, done, total, pace.perSecond(),
                last ? "took" : "eta", ConsoleProgress.duration(last ? elapsed : pace.secondsFor(total - done)),
                m.loss(), m.trainAccuracy(), ConsoleProgress.accuracy(m.devAccuracy()).strip());
        String line = full.substring(0, Math.min(full.length(), MAX_COLUMNS));
        // Spaces wipe what is left of a longer previous line.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        if (last) {
            out.println();
        }
        out.flush();
    }
}
