package digitnet.train;

import digitnet.model.Model;
import digitnet.nn.Layout;
import java.util.Map;

/**
 * Writes a run's checkpoints into its {@link CheckpointStore}: one every {@code every}
 * iterations and one at the end, each of weights already proven finite (see
 * {@link Trainer.Listener#verified}), and none that the store already holds. What
 * {@code train} and the Spark ML fit both write.
 */
public final class CheckpointWriter implements Trainer.Listener {
    private final CheckpointStore store;
    private final int every;
    private final TrainSettings training;
    private final Map<String, String> settings;
    private final Checkpoint resumed;
    /** The rows the run trains on, known once they are loaded. */
    private Checkpoint.Data data;
    /** The iteration of the checkpoint in the store, or −1 while there is none. */
    private int stored;
    /** Whether the checkpoint in the store records this run's settings and data, not forced-over ones. */
    private boolean storedIsCurrent;

    /**
     * @param every    iterations between two checkpoints; 0 for none at all
     * @param training the run's settings, which give its length and layout
     * @param settings the settings to record, by {@code train}'s flag names
     * @param resumed  the checkpoint in the store the run resumes from, or null
     */
    public CheckpointWriter(CheckpointStore store, int every, TrainSettings training, Map<String, String> settings,
            Checkpoint resumed) {
        if (every < 0) {
            throw new IllegalArgumentException("checkpoints every " + every + " iterations");
        }
        this.store = store;
        this.every = every;
        this.training = training;
        this.settings = settings;
        this.resumed = resumed;
        this.stored = resumed != null ? resumed.iteration() : -1;
    }

    /** Called once the rows are loaded (and, for a resumed run, found fit to continue on). */
    public void start(Checkpoint.Data loaded) {
        data = loaded;
        storedIsCurrent = resumed != null && resumed.settings().equals(settings) && resumed.data().equals(loaded);
    }

    @Override
    public void verified(Trainer.Progress progress) {
        int it = progress.iteration();
        if (every == 0) {
            return;
        }
        boolean due = it == training.iterations() || it > 0 && it % every == 0;
        if (due && !(it == stored && storedIsCurrent)) {
            Layout layout = training.layout();
            store.write(Checkpoint.of(progress, new Model(layout, progress.params().clone()), data, settings));
            stored = it;
            storedIsCurrent = true;
        }
    }

    /** The iteration of the checkpoint in the store, or −1 when there is none. */
    public int stored() {
        return stored;
    }
}
