package digitnet.cli;

import digitnet.train.IterationMetrics;

/**
 * How fast this session's iterations go, for the progress output's rate and ETA: the sum of the
 * iterations' own times ({@code iteration_ms} of metrics.csv), so neither the load before the
 * first iteration nor the iterations a resumed run did before count. (Timed from the start of
 * the run, the first line's ETA was the load time multiplied by every iteration left.)
 */
final class Pace {
    private int iterations;
    private long millis;

    void add(IterationMetrics m) {
        iterations++;
        millis += m.millis();
    }

    /** Iterations a second so far; 0 before the first. */
    double perSecond() {
        return millis == 0 ? 0 : iterations * 1000.0 / millis;
    }

    /** Seconds that {@code left} more iterations take at this pace. */
    double secondsFor(int left) {
        return iterations == 0 ? 0 : millis / 1000.0 / iterations * left;
    }
}
