/**
 * Labelled digits from CSV files to Spark's cache: the CSV format and its validation
 * ({@link digitnet.data.DigitCsv}, {@link digitnet.data.Digit}, {@link digitnet.data.DigitFiles}),
 * content keys ({@link digitnet.data.RowKey}), the dev split ({@link digitnet.data.DevSet},
 * {@link digitnet.data.DevSplit}, and {@link digitnet.data.DevRows} to find a run's dev rows
 * again), the packing into {@link digitnet.data.Block}s that training caches
 * ({@link digitnet.data.TrainingData}), the numbered digits of inference
 * ({@link digitnet.data.NumberedDigits}), and the shape of a digit ({@link digitnet.data.DigitShape}).
 *
 * <p>May use: {@code compat} (Spark's error classes on either Spark line).
 */
package digitnet.data;
