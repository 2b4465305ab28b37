package digitnet.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hand-made .npy and .npz bytes, well-formed or not, for the tests of every reader of model files. */
public final class NpzFiles {
    private NpzFiles() {}

    /** A version 1.0 .npy file of float64 data with the given shape. */
    public static byte[] npy1(String shape, byte[] data) {
        return npy1Header("{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }", data);
    }

    /** A version 1.0 .npy file with the given header dict and data bytes. */
    public static byte[] npy1Header(String header, byte[] data) {
        byte[] text = (header + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(10 + text.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
                .putShort((short) text.length)
                .put(text)
                .put(data)
                .array();
    }

    /** A version 2.0 .npy preamble declaring a header of {@code headerBytes} bytes, followed by that many spaces. */
    public static byte[] npy2WithHeaderOf(int headerBytes) {
        ByteBuffer npy = ByteBuffer.allocate(12 + headerBytes).order(ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(headerBytes);
        while (npy.hasRemaining()) {
            npy.put((byte) ' ');
        }
        return npy.array();
    }

    /** Writes a compressed zip of the given entries, as np.savez_compressed does, to {@code file}. */
    public static Path zip(Path file, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            zip.finish();
            return Files.write(file, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
