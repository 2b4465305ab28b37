package digitnet.train;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import digitnet.io.HadoopPath;
import digitnet.io.Npz;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The folder that keeps a run's latest {@link Checkpoint}, on any Hadoop file system: a
 * {@code train} run folder's {@code checkpoint/}, or the {@code checkpointDir} of a Spark ML
 * fit. Every checkpoint is written and read here, through {@link HadoopPath}, so the two kinds
 * of run keep the same files in the same way.
 *
 * <p>A checkpoint replaces the one before it in three steps: its state file, under a name of its
 * own; then the record that names it, replaced atomically; then the older state files. A run
 * killed between any two steps leaves a record naming a complete state file: the previous
 * checkpoint or the new one.
 */
public final class CheckpointStore {
    private final HadoopPath folder;

    private CheckpointStore(HadoopPath folder) {
        this.folder = folder;
    }

    /** The {@code checkpoint/} folder of the local run folder {@code runDir}, named in errors as given. */
    public static CheckpointStore runFolder(Path runDir) {
        return new CheckpointStore(HadoopPath.local(runDir.resolve(Checkpoint.FOLDER)));
    }

    /** The folder {@code dir} itself, any Hadoop path (one without a scheme is on the default file system). */
    public static CheckpointStore at(Configuration conf, String dir) {
        return new CheckpointStore(HadoopPath.of(conf, dir));
    }

    /** Whether the folder holds a checkpoint record (readable or not). */
    public boolean exists() {
        return folder.resolve(Checkpoint.RECORD).exists();
    }

    /** Keeps {@code checkpoint} as the latest, replacing the one before it. */
    public void write(Checkpoint checkpoint) {
        try {
            folder.createDirectories();
        } catch (IOException e) {
            throw new UserError(folder + ": cannot create the checkpoint folder: " + AtomicFiles.reason(e));
        }
        folder.resolve(checkpoint.stateName()).write(out -> Npz.write(out, checkpoint.arrays()));
        folder.resolve(Checkpoint.RECORD).writeString(checkpoint.recordJson());
        deleteStatesOtherThan(checkpoint.stateName());
    }

    /**
     * Reads the checkpoint, treating both files as untrusted input.
     *
     * @throws UserError naming the file and the problem when a file is missing or damaged
     */
    public Checkpoint read() {
        Checkpoint.Record record = folder.resolve(Checkpoint.RECORD).read(Checkpoint.Record::read);
        return folder.resolve(record.state()).read(state -> Checkpoint.read(record, state));
    }

    /** Deletes the checkpoint and the folder, if there is one: a run that starts over. */
    public void delete() {
        try {
            folder.resolve(Checkpoint.RECORD).delete();
            deleteStatesOtherThan(null);
            folder.delete();
        } catch (IOException e) {
            throw new UserError(folder + ": cannot delete the old checkpoint: " + AtomicFiles.reason(e));
        }
    }

    /** The folder, as given. */
    @Override
    public String toString() {
        return folder.toString();
    }

    private void deleteStatesOtherThan(String keep) {
        try {
            for (String name : folder.list()) {
                if (Checkpoint.isStateName(name) && !name.equals(keep)) {
                    folder.resolve(name).delete();
                }
            }
        } catch (IOException e) {
            throw new UserError(folder + ": cannot delete an old checkpoint state: " + AtomicFiles.reason(e));
        }
    }
}
