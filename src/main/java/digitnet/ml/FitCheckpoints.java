package digitnet.ml;

import digitnet.data.TrainingData;
import digitnet.train.Checkpoint;
import digitnet.train.CheckpointStore;
import digitnet.train.CheckpointWriter;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The checkpoints of {@link DigitNetClassifier#fit} in its {@code checkpointDir}: the files
 * {@code train} keeps in its run folder's {@code checkpoint/} (the weights, proven finite, the
 * optimizer's state, the metrics so far, the iteration, the rows' checksum and the settings by
 * flag name), written by the same {@link CheckpointWriter} into the same {@link CheckpointStore},
 * every {@code checkpointInterval} iterations and at the end.
 *
 * <p>A fit whose {@code checkpointDir} holds a checkpoint resumes from it when that is the
 * checkpoint of the same training, so it ends with the model bits of an uninterrupted fit:
 * the same rows (by checksum; with {@code validationIndicatorCol}, the same rows marked), the
 * same params, and a {@code maxIter} at least the checkpoint's iteration. {@code maxIter} alone
 * may differ (a finished fit continued further equals one longer fit), unless
 * {@code lrSchedule} is a cosine one, whose every rate depends on it. Anything else is an
 * {@link IllegalArgumentException} naming the folder and the difference: a checkpoint is never
 * overwritten by another training's, so a {@code checkpointDir} belongs to one training (leave it
 * empty under {@code CrossValidator}, whose fits train on different rows). A finished fit leaves
 * its last checkpoint, so fitting again returns the same model at the cost of one evaluation.
 */
final class FitCheckpoints implements Trainer.Listener {
    /** The checkpoint records this in place of a file the rows came from. */
    static final String SOURCE = "the DataFrame";

    private final String dir;
    private final Checkpoint resumed;
    private final CheckpointWriter writer;

    private FitCheckpoints(String dir, Checkpoint resumed, CheckpointWriter writer) {
        this.dir = dir;
        this.resumed = resumed;
        this.writer = writer;
    }

    /**
     * The checkpoints of a fit of {@code estimator}, whose params make {@code settings}; none
     * when {@code checkpointDir} is empty or {@code checkpointInterval} is −1.
     *
     * @throws IllegalArgumentException when {@code checkpointDir} holds another training's checkpoint
     */
    static Optional<FitCheckpoints> of(DigitNetClassifier estimator, TrainSettings settings, Configuration conf) {
        String dir = estimator.getCheckpointDir();
        if (dir.isEmpty() || estimator.getCheckpointInterval() == DigitNetClassifier.CHECKPOINTS_OFF) {
            return Optional.empty();
        }
        if (settings.earlyStopping().enabled()) {
            throw new IllegalArgumentException("checkpointDir does not go with patience yet: a checkpoint does not "
                    + "hold the best weights on dev seen before it; set patience to 0, or checkpointDir to \"\"");
        }
        CheckpointStore store = CheckpointStore.at(conf, dir);
        Map<String, String> recorded = estimator.recordedSettings();
        Checkpoint resumed = store.exists() ? store.read() : null;
        if (resumed != null) {
            requireSameTraining(dir, resumed, recorded, settings);
        }
        return Optional.of(new FitCheckpoints(dir, resumed,
                new CheckpointWriter(store, estimator.getCheckpointInterval(), settings, recorded, resumed)));
    }

    /** The checkpoint the fit resumes from, if there is one. */
    Optional<Checkpoint> resumed() {
        return Optional.ofNullable(resumed);
    }

    /** The rows loaded: a resumed fit must train on the checkpoint's. */
    @Override
    public void loaded(TrainingData data, double loadSeconds) {
        Checkpoint.Data loaded = new Checkpoint.Data(SOURCE, data.inputRows(), data.checksum());
        if (resumed != null && !resumed.data().sameRows(loaded)) {
            Checkpoint.Data then = resumed.data();
            throw new IllegalArgumentException("checkpointDir " + dir + " holds the checkpoint of other rows than the "
                    + "DataFrame's (" + loaded.rows() + " rows, checksum " + loaded.checksum() + "; checkpoint: "
                    + then.rows() + " rows of " + then.path() + ", checksum " + then.checksum()
                    + "); give another checkpointDir to train on these rows");
        }
        writer.start(loaded);
    }

    @Override
    public void verified(Trainer.Progress progress) {
        writer.verified(progress);
    }

    private static void requireSameTraining(String dir, Checkpoint checkpoint, Map<String, String> recorded,
            TrainSettings settings) {
        List<String> differences = checkpoint.differencesToResume(recorded, settings.learningRate(),
                DigitNetClassifier::paramName);
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("checkpointDir " + dir + " holds the checkpoint of a fit with other "
                    + "params: " + String.join(", ", differences) + "; set them as they were to resume it, or give "
                    + "another checkpointDir to train anew");
        }
        if (checkpoint.iteration() > settings.iterations()) {
            throw new IllegalArgumentException("checkpointDir " + dir + " holds the checkpoint of iteration "
                    + checkpoint.iteration() + ", beyond maxIter " + settings.iterations() + "; set maxIter to "
                    + checkpoint.iteration() + " or more to resume it, or give another checkpointDir to train anew");
        }
    }
}
