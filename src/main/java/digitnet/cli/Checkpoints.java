package digitnet.cli;

import digitnet.UserError;
import digitnet.model.Model;
import digitnet.train.Checkpoint;
import digitnet.train.CheckpointStore;
import digitnet.train.CheckpointWriter;
import digitnet.train.LearningRate;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The checkpoints of a {@code train} run in its folder's {@code checkpoint/}, written by a
 * {@link CheckpointWriter} (one every {@code --checkpoint-every} iterations and one at the end);
 * and the checks that a resumed run continues the same training, or that {@code --force} says
 * it may differ, and what to tell the user when a run ends early.
 */
final class Checkpoints implements Trainer.Listener {
    private final Path runDir;
    private final int every;
    private final int iterations;
    private final Checkpoint resumed;
    private final CheckpointWriter writer;

    /** @param resumed the checkpoint the run resumes from, or null for a fresh run */
    Checkpoints(Path runDir, int every, TrainSettings settings, Map<String, String> recorded, Checkpoint resumed) {
        this.runDir = runDir;
        this.every = every;
        this.iterations = settings.iterations();
        this.resumed = resumed;
        this.writer = new CheckpointWriter(CheckpointStore.runFolder(runDir), every, settings, recorded, resumed);
    }

    /**
     * Called once the rows are loaded: a resumed run must train on the checkpoint's rows (same
     * checksum) unless forced; a fresh run forced into a folder with a checkpoint drops it.
     */
    void start(Checkpoint.Data loaded, boolean force) {
        if (resumed != null) {
            Checkpoint.Data then = resumed.data();
            if (!force && !then.sameRows(loaded)) {
                throw new UserError("cannot resume " + runDir + ": " + loaded.path() + " holds other rows than its "
                        + "checkpoint's data (" + loaded.rows() + " rows, checksum " + loaded.checksum()
                        + "; checkpoint: " + then.rows() + " rows of " + then.path() + ", checksum "
                        + then.checksum() + "); pass --force to continue on them");
            }
        } else if (force) {
            Checkpoint.delete(runDir);
        }
        writer.start(loaded);
    }

    @Override
    public void verified(Trainer.Progress progress) {
        writer.verified(progress);
    }

    /** What to tell a user whose run diverged: the last good checkpoint stays, and how to go on from it. */
    String afterDivergence() {
        if (writer.stored() < 0) {
            return every > 0 ? "no checkpoint had been written yet" : "checkpoints were off (--checkpoint-every 0)";
        }
        return "the last good checkpoint, of iteration " + writer.stored() + ", stays in " + runDir.resolve(Checkpoint.FOLDER)
                + "; continue from it with --resume " + runDir + " --force --learning-rate <smaller>";
    }

    /**
     * What to tell a user who stopped the run with Ctrl-C at iteration {@code reached} (−1 while
     * loading): where it stopped, which checkpoint holds, and how to go on.
     */
    String afterInterruption(int reached) {
        String where = reached < 0 ? "while loading the data" : "at iteration " + reached + " of " + iterations;
        if (writer.stored() < 0) {
            return "stopped " + where + ", before any checkpoint (" + (every > 0 ? "one every " + every
                    + " iterations" : "--checkpoint-every 0") + "); nothing to resume, start again";
        }
        return "stopped " + where + "; the checkpoint of iteration " + writer.stored() + " holds in "
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
     * again can differ) unless forced, but for a larger {@code --iterations} where the learning
     * rate does not depend on it (a finished run continued further equals one longer run); the
     * hidden size and a checkpoint beyond the last iteration cannot be forced.
     */
    static void checkSettings(Path runDir, Checkpoint checkpoint, Map<String, String> settings, int hidden,
            int iterations, LearningRate rate, boolean force) {
        if (checkpoint.model().layout().hidden() != hidden) {
            throw new UserError("cannot resume " + runDir + " with --hidden " + hidden + ": its checkpoint's weights have "
                    + checkpoint.model().layout().hidden() + " hidden units", 2);
        }
        if (checkpoint.iteration() > iterations) {
            throw new UserError("cannot resume " + runDir + " with --iterations " + iterations
                    + ": its checkpoint is of iteration " + checkpoint.iteration(), 2);
        }
        List<String> differences = checkpoint.differencesToResume(settings, rate, key -> "--" + key);
        if (!differences.isEmpty() && !force) {
            throw new UserError("cannot resume " + runDir + ": settings differ from its checkpoint's: "
                    + String.join(", ", differences) + "; pass --force to continue with the new settings", 2);
        }
    }
}
