/**
 * Training, as a library: the loop ({@link digitnet.train.Trainer}) of one Spark gradient job a
 * step (exact sums in {@link digitnet.train.GradientSum}), the optimizers and the settings
 * records that check themselves, the learning-rate schedules, early stopping, starting weights,
 * checkpoints ({@link digitnet.train.Checkpoint}, {@link digitnet.train.CheckpointStore}), and a
 * whole run from rows to model ({@link digitnet.train.TrainingRun}). It speaks no command-line
 * words: the command line translates its errors.
 *
 * <p>May use: {@code data}, {@code io}, {@code model}, {@code nn}.
 */
package digitnet.train;
