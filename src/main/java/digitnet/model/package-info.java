/**
 * A trained network and what it answers: {@link digitnet.model.Model} (the weights by their
 * layout, saved and loaded as {@code model.npz}), and {@link digitnet.model.Predictor}, which
 * broadcasts them and runs the forward pass over numbered digits into
 * {@link digitnet.model.Prediction}s; {@link digitnet.model.OnnxGraph}, the network as an ONNX
 * file, built with the protobuf classes that protoc generates at build time from
 * {@code src/main/proto/onnx.proto} into {@code digitnet.onnx}.
 *
 * <p>May use: {@code compat} (Kryo's serializer for its records), {@code data}, {@code io}, {@code nn},
 * {@code onnx}.
 */
package digitnet.model;
