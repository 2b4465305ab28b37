package digitnet.train;

import java.nio.file.Path;

/**
 * Where a run's checkpoints go. Every checkpoint a run writes passes through this one
 * interface, so a store on another file system (any Hadoop path) can replace the run folder's
 * without touching the run.
 */
@FunctionalInterface
public interface CheckpointStore {

    /** Keeps {@code checkpoint} as the latest, replacing the one before it atomically. */
    void write(Checkpoint checkpoint);

    /** The {@code checkpoint/} folder of the local run folder {@code runDir} (see {@link Checkpoint}). */
    static CheckpointStore runFolder(Path runDir) {
        return checkpoint -> checkpoint.write(runDir);
    }
}
