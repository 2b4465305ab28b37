/**
 * digitnet's network as a Spark ML stage: {@link digitnet.ml.DigitNetClassifier}, an estimator
 * whose {@code fit} runs the same library training run as the {@code train} command on a
 * DataFrame of 784-pixel vectors and labels, and the {@link digitnet.ml.DigitNetClassificationModel}
 * it gives, saved and loaded with Spark ML's own metadata ({@link digitnet.ml.SavedStage}).
 *
 * <p>May use: {@code compat} (Kryo's serializer for its records), {@code data}, {@code io}, {@code model},
 * {@code nn}, {@code report}, {@code train}.
 */
package digitnet.ml;
