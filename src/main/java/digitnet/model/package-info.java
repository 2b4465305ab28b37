/**
 * A trained network and what it answers: {@link digitnet.model.Model} (the weights by their
 * layout, saved and loaded as {@code model.npz}), and {@link digitnet.model.Predictor}, which
 * broadcasts them and runs the forward pass over numbered digits into
 * {@link digitnet.model.Prediction}s.
 *
 * <p>May use: {@code data}, {@code io}, {@code nn}.
 */
package digitnet.model;
