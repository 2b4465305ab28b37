package digitnet.cli;

import digitnet.data.TrainingData;
import digitnet.train.Trainer;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C during {@code train}. Left to the JVM, SIGINT starts the shutdown at once: Spark's
 * shutdown hook stops the SparkContext under the running job, and the run ends with "error:
 * IllegalStateException: SparkContext has been shutdown", saying nothing of what it kept. While
 * an {@code Interruption} is open, the first SIGINT only asks the run to stop: it cancels the
 * Spark jobs in flight through {@code cancel}, and {@link #requested()} tells the run, which
 * ends between two steps and can say where it stopped. A second SIGINT exits at once with
 * {@link #EXIT_STATUS}, the shell's status for a process ended by SIGINT. {@code serve} stops
 * the same way: its first SIGINT stops the server, which then says so.
 *
 * <p>{@code sun.misc.Signal} (module {@code jdk.unsupported}) is the JDK's only way to handle a
 * signal; Spark uses it for the same purpose.
 */
final class Interruption implements AutoCloseable {
    /** 128 + SIGINT's number 2. */
    static final int EXIT_STATUS = 130;
    private static final Signal SIGINT = new Signal("INT");

    private final AtomicBoolean requested = new AtomicBoolean();
    private final SignalHandler previous;
    private volatile int reached = -1;

    private Interruption(Runnable cancel) {
        previous = Signal.handle(SIGINT, signal -> {
            if (requested.getAndSet(true)) {
                System.exit(EXIT_STATUS);
            }
            cancel.run();
        });
    }

    /** Handles SIGINT until closed; {@code cancel} stops the work in flight. */
    static Interruption onSigint(Runnable cancel) {
        return new Interruption(cancel);
    }

    /** Whether a SIGINT has asked the run to stop. */
    boolean requested() {
        return requested.get();
    }

    /** Thrown by {@link #listener()} to end a run that was asked to stop. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped by SIGINT", null, false, false);
        }
    }

    /**
     * The listener that ends the run, once asked to, as soon as its rows are loaded or its
     * latest weights are verified (listed after the checkpoints, so a checkpoint due at that
     * iteration is written first).
     */
    Trainer.Listener listener() {
        return new Trainer.Listener() {
            @Override
            public void loaded(TrainingData data, double loadSeconds) {
                stopIfRequested();
            }

            @Override
            public void verified(Trainer.Progress progress) {
                reached = progress.iteration();
                stopIfRequested();
            }
        };
    }

    /** The iteration the run had reached (its latest verified weights), or −1 before the first. */
    int reached() {
        return reached;
    }

    private void stopIfRequested() {
        if (requested()) {
            throw new Stopped();
        }
    }

    @Override
    public void close() {
        Signal.handle(SIGINT, previous);
    }
}
