/**
 * {@code digitnet serve}: a trained model behind a small HTTP server on the JDK's own
 * {@code com.sun.net.httpserver} ({@link digitnet.serve.DigitServer}), with {@code POST /predict}
 * for programs and, at {@code /}, a page to draw a digit on (its HTML, CSS and JavaScript are
 * served from the jar). The model is loaded once and only read ({@link digitnet.serve.ServedModel});
 * answers come from the same forward pass as {@code predict}'s. No Spark.
 *
 * <p>May use: {@code data}, {@code io}, {@code model}, {@code nn}, {@code report}.
 */
package digitnet.serve;
