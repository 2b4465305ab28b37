/**
 * The network's arithmetic, without Spark: where each weight lives in the one flat array
 * ({@link digitnet.nn.Layout}), forward and backward over a block of digits in a fast kernel
 * ({@link digitnet.nn.SparseKernel} and its pixel loops) beside the plain reference it is held to
 * ({@link digitnet.nn.ReferenceKernel}), softmax, and the forward pass of inference
 * ({@link digitnet.nn.Forward}).
 *
 * <p>May use: {@code data} (the block format and the digit's shape).
 */
package digitnet.nn;
