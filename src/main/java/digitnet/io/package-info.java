/**
 * File formats and safe writing, knowing nothing of digits or networks: {@code .npz} and
 * {@code .npy} arrays ({@link digitnet.io.Npz}, {@link digitnet.io.NdArray}) read as untrusted
 * data within fixed limits, files replaced atomically ({@link digitnet.io.AtomicFiles}, and on
 * any Hadoop file system {@link digitnet.io.HadoopPath}), and the
 * small JSON records digitnet writes read back with every field checked
 * ({@link digitnet.io.JsonFields}).
 *
 * <p>May use: no other digitnet package but the root.
 */
package digitnet.io;
