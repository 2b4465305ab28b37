/**
 * Digits from files to Spark's cache. The files at a data path ({@link digitnet.data.StoredDigits},
 * {@link digitnet.data.DigitFiles}) are read in one of the formats of
 * {@link digitnet.data.DigitFormat}: CSV ({@link digitnet.data.DigitCsv}), LIBSVM
 * ({@link digitnet.data.DigitLibsvm}), both {@link digitnet.data.LineFormat}s, or Parquet
 * ({@link digitnet.data.DigitParquet}), each a {@link digitnet.data.DigitReader} that validates
 * every record and names the line or row of a bad one; {@link digitnet.data.DigitValues} is the
 * rule for pixels stored as numbers on either scale. Then content keys
 * ({@link digitnet.data.RowKey}), the dev split ({@link digitnet.data.DevSet},
 * {@link digitnet.data.DevSplit}, and {@link digitnet.data.DevRows} to find a run's dev rows
 * again), the packing into {@link digitnet.data.Block}s that training caches
 * ({@link digitnet.data.TrainingData}), deterministic deformed copies of a digit
 * ({@link digitnet.data.Deformation}), the numbered digits of inference
 * ({@link digitnet.data.NumberedDigits}), and the shape of a digit ({@link digitnet.data.DigitShape}).
 *
 * <p>May use: {@code compat} (Spark's error classes on either Spark line, Kryo's serializer for
 * its records).
 */
package digitnet.data;
