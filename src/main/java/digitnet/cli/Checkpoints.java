package digitnet.cli;

import digitnet.UserError;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.train.Checkpoint;
import digitnet.train.CheckpointStore;
import digitnet.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The checkpoints of a {@code train} run: one every {@code --checkpoint-every} iterations and
 * one at the end, each of weights already proven finite (see {@link Trainer.Listener#verified});
 * and the checks that a resumed run continues the same training, or that {@code --force} says
 * it may differ.
 */
final class Checkpoints implements Trainer.Listener {
    private final Path runDir;
    private final CheckpointStore store;
    private final int every;
    private final int iterations;
    private final Layout layout;
    private final Map<String, String> settings;
    private final Checkpoint resumed;
    /** The rows the run trains on, known once they are loaded. */
    private Checkpoint.Data data;
    /** The iteration of the checkpoint on disk, or −1 while there is none. */
    private int onDisk;
    /** Whether the checkpoint on disk records this run's settings and data, not forced-over ones. */
    private boolean onDiskIsCurrent;

    /** @param resumed the checkpoint the run resumes from, or null for a fresh run */
    Checkpoints(Path runDir, int every, int iterations, Layout layout, Map<String, String> settings,
            Checkpoint resumed) {
        this.runDir = runDir;
        this.store = CheckpointStore.runFolder(runDir);
        this.every = every;
        this.iterations = iterations;
        this.layout = layout;
        this.settings = settings;
        this.resumed = resumed;
        this.onDisk = resumed != null ? resumed.iteration() : -1;
    }

    /**
     * Called once the rows are loaded: a resumed run must train on the checkpoint's rows (same
     * checksum) unless forced; a fresh run forced into a folder with a checkpoint drops it.
     */
    void start(Checkpoint.Data loaded, boolean force) {
        this.data = loaded;
        if (resumed != null) {
            Checkpoint.Data then = resumed.data();
            if (!force && (then.rows() != loaded.rows() || !then.checksum().equals(loaded.checksum()))) {
                throw new UserError("cannot resume " + runDir + ": " + loaded.path() + " holds other rows than its "
                        + "checkpoint's data (" + loaded.rows() + " rows, checksum " + loaded.checksum()
                        + "; checkpoint: " + then.rows() + " rows of " + then.path() + ", checksum "
                        + then.checksum() + "); pass --force to continue on them");
            }
            onDiskIsCurrent = resumed.settings().equals(settings) && then.equals(loaded);
        } else if (force) {
            Checkpoint.delete(runDir);
        }
    }

    @Override
    public void verified(Trainer.Progress progress) {
        int it = progress.iteration();
        if (every == 0) {
            return;
        }
        boolean due = it == iterations || it > 0 && it % every == 0;
        if (due && !(it == onDisk && onDiskIsCurrent)) {
            store.write(Checkpoint.of(progress, new Model(layout, progress.params().clone()), data, settings));
            onDisk = it;
            onDiskIsCurrent = true;
        }
    }

    /** What to tell a user whose run diverged: the last good checkpoint stays, and how to go on from it. */
    String afterDivergence() {
        if (onDisk < 0) {
            return every > 0 ? "no checkpoint had been written yet" : "checkpoints were off (--checkpoint-every 0)";
        }
        return "the last good checkpoint, of iteration " + onDisk + ", stays in " + runDir.resolve(Checkpoint.FOLDER)
                + "; continue from it with --resume " + runDir + " --force --learning-rate <smaller>";
    }

    /**
     * What to tell a user who stopped the run with Ctrl-C at iteration {@code reached} (−1 while
     * loading): where it stopped, which checkpoint holds, and how to go on.
     */
    String afterInterruption(int reached) {
        String where = reached < 0 ? "while loading the data" : "at iteration " + reached + " of " + iterations;
        if (onDisk < 0) {
            return "stopped " + where + ", before any checkpoint (" + (every > 0 ? "one every " + every
                    + " iterations" : "--checkpoint-every 0") + "); nothing to resume, start again";
        }
        return "stopped " + where + "; the checkpoint of iteration " + onDisk + " holds in "
                + runDir.resolve(Checkpoint.FOLDER) + "; continue with: train --resume " + runDir;
    }

    /**
     * A fresh run must not overwrite the checkpoint or the model of an earlier run in its folder,
     * unless forced to (the new model then replaces the old one when the run ends).
     */
    static void checkFreshStart(Path outDir, boolean force) {
        if (force) {
            return;
        }
        if (Checkpoint.exists(outDir)) {
            throw new UserError(outDir + " holds the checkpoint of an earlier run; continue it with --resume "
                    + outDir + ", or pass --force to start over there", 2);
        }
        if (Files.exists(outDir.resolve(Model.FILE_NAME))) {
            throw new UserError(outDir + " holds the model of an earlier run (" + outDir.resolve(Model.FILE_NAME)
                    + "); pass --force to replace it, or choose another --out", 2);
        }
    }

    /**
     * A resumed run must have the checkpoint's settings (they are its defaults, so only flags given
     * again can differ) unless forced; the hidden size and a checkpoint beyond the last iteration
     * cannot be forced.
     */
    static void checkSettings(Path runDir, Checkpoint checkpoint, Map<String, String> settings, int hidden,
            int iterations, boolean force) {
        if (checkpoint.model().layout().hidden() != hidden) {
            throw new UserError("cannot resume " + runDir + " with --hidden " + hidden + ": its checkpoint's weights have "
                    + checkpoint.model().layout().hidden() + " hidden units", 2);
        }
        if (checkpoint.iteration() > iterations) {
            throw new UserError("cannot resume " + runDir + " with --iterations " + iterations
                    + ": its checkpoint is of iteration " + checkpoint.iteration(), 2);
        }
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(checkpoint.settings().keySet());
        for (String key : keys) {
            String now = settings.get(key);
            String then = checkpoint.settings().get(key);
            if (now == null || !now.equals(then)) {
                differences.add("--" + key + " " + (now != null ? now : "unset") + " (checkpoint: "
                        + (then != null ? then : "unset") + ")");
            }
        }
        if (!differences.isEmpty() && !force) {
            throw new UserError("cannot resume " + runDir + ": settings differ from its checkpoint's: "
                    + String.join(", ", differences) + "; pass --force to continue with the new settings", 2);
        }
    }
}
