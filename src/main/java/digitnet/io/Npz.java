package digitnet.io;

import digitnet.UserError;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} files of float64 arrays, so that a model trained here can
 * be loaded with {@code numpy.load} and a model saved with {@code np.savez} can be loaded here.
 *
 * <p>An {@code .npz} file is a zip archive with one entry {@code <name>.npy} per array; each entry
 * is a NumPy {@code .npy} file: a magic string, a version, a small Python-dict header giving dtype,
 * memory order and shape, then the raw elements.
 *
 * <p>Only little-endian float64 ({@code '<f8'}) arrays are supported: that is what the network
 * computes in, and refusing other dtypes avoids silent precision changes.
 *
 * <p>Reading treats the file as untrusted: nothing is deserialized, each header is parsed by a
 * strict parser, and the sizes the file declares are checked against fixed limits before any
 * memory is allocated, so a small hostile file (a "zip bomb") cannot exhaust memory or time.
 * Every problem becomes a {@link UserError} naming the file and, where there is one, the entry.
 */
public final class Npz {

    /** Limit on the data of all arrays in one file together; a model is a few megabytes. */
    static final long MAX_TOTAL_BYTES = 512L << 20;

    /** Limit on one .npy header; NumPy's own headers are well under 1 KiB. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Limit on the number of arrays, which bounds the work spent on headers. */
    static final int MAX_ENTRIES = 1024;

    /** NumPy's limit on the number of dimensions. */
    private static final int MAX_DIMENSIONS = 64;

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final byte[] ZIP_LOCAL_HEADER = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY_ARCHIVE = {'P', 'K', 5, 6};

    /** NumPy pads the .npy preamble to a multiple of this, so the data is aligned. */
    private static final int NPY_ALIGNMENT = 64;

    /**
     * A constant entry timestamp, so that equal models give byte-identical files. Not the zip
     * epoch 1980-01-01 00:00: the JDK treats that as "before 1980" and adds a time-zone
     * dependent extra field.
     */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final int CHUNK_BYTES = 64 * 1024;

    /**
     * One {@code 'key': value} item of a header dict, followed by a comma or the end of the dict.
     * Values are limited to what the three known keys can hold: a string, a boolean or a tuple.
     */
    private static final Pattern HEADER_ITEM = Pattern.compile(
            "\\s*'(\\w+)'\\s*:\\s*('[^']*'|True|False|\\([0-9,\\s]*\\))\\s*(?:,|$)");

    private static final Pattern DIMENSION = Pattern.compile("[0-9]{1,18}");

    private Npz() {
    }

    /**
     * Writes {@code arrays} to {@code file} atomically, in the map's iteration order, as a zip of
     * uncompressed NPY 1.0 entries. Identical input gives a byte-identical file.
     *
     * @throws UserError if the file cannot be written
     */
    public static void write(Path file, Map<String, NdArray> arrays) {
        AtomicFiles.write(file, out -> write(out, arrays));
    }

    /**
     * Writes {@code arrays} as {@link #write(Path, Map)} does, to {@code out}, which it closes:
     * for a writer that makes the file atomic itself, such as {@link HadoopPath#write}.
     */
    public static void write(OutputStream out, Map<String, NdArray> arrays) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, NdArray> named : arrays.entrySet()) {
                writeEntry(zip, named.getKey() + ".npy", named.getValue());
            }
        }
    }

    /**
     * Reads every array in {@code file}, keyed by name without {@code .npy}, in archive order.
     * Accepts files written by {@link #write}, {@code np.savez} and {@code np.savez_compressed}.
     *
     * @throws UserError if the file is missing, unreadable, not an .npz, corrupted, holds an array
     *     that is not float64, or declares more data than the limits allow
     */
    public static Map<String, NdArray> read(Path file) {
        requireZipSignature(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.size() > MAX_ENTRIES) {
                throw new UserError(file + ": has " + zip.size() + " entries, more than the limit of "
                        + MAX_ENTRIES + "; a model file holds only a few arrays");
            }
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            long remainingBytes = MAX_TOTAL_BYTES;
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                String where = file + ": entry " + printable(entry.getName());
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    throw new UserError(where + ": not a .npy array; an .npz file holds only <name>.npy entries");
                }
                String name = entry.getName().substring(0, entry.getName().length() - ".npy".length());
                if (arrays.containsKey(name)) {
                    throw new UserError(where + ": appears more than once");
                }
                NdArray array;
                try (InputStream in = zip.getInputStream(entry)) {
                    array = readNpy(where, entry, in, remainingBytes);
                } catch (ZipException | EOFException e) {
                    throw new UserError(where + ": corrupted: " + AtomicFiles.reason(e));
                }
                remainingBytes -= 8L * array.data().length;
                arrays.put(name, array);
            }
            return arrays;
        } catch (ZipException e) {
            throw new UserError(file + ": corrupted or truncated: " + AtomicFiles.reason(e));
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + AtomicFiles.reason(e));
        }
    }

    /**
     * Returns the array {@code name} from {@code arrays} (read from {@code file}), checking that it
     * has exactly {@code shape}.
     *
     * @throws UserError naming the file and the array if it is missing or has another shape
     */
    public static NdArray require(Map<String, NdArray> arrays, Path file, String name, int... shape) {
        NdArray array = arrays.get(name);
        if (array == null) {
            String found = arrays.isEmpty()
                    ? "the file has no arrays"
                    : "the file has " + printable(String.join(", ", arrays.keySet()));
            throw new UserError(file + ": no array " + name + " (" + found + ")");
        }
        if (!Arrays.equals(array.shape(), shape)) {
            throw new UserError(file + ": array " + name + " has shape " + array.shapeText()
                    + ", expected " + NdArray.shapeText(shape));
        }
        return array;
    }

    // ---- writing ----

    private static void writeEntry(ZipOutputStream zip, String entryName, NdArray array) throws IOException {
        byte[] header = npyHeader(array);
        long size = header.length + 8L * array.data().length;

        // A STORED entry needs its size and CRC before its data; computing the CRC in a first
        // pass avoids holding a second copy of the array as bytes.
        CRC32 crc = new CRC32();
        crc.update(header);
        writeLittleEndian(array.data(), new CheckedOutputStream(OutputStream.nullOutputStream(), crc));

        ZipEntry entry = new ZipEntry(entryName);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(size);
        entry.setCompressedSize(size);
        entry.setCrc(crc.getValue());
        // Local time, not an instant: an instant would become a different DOS time in each time zone.
        entry.setTimeLocal(ENTRY_TIME);
        zip.putNextEntry(entry);
        zip.write(header);
        writeLittleEndian(array.data(), zip);
        zip.closeEntry();
    }

    /** Magic, version 1.0, header length and the header dict, padded as NumPy pads it. */
    private static byte[] npyHeader(NdArray array) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + array.shapeText() + ", }";
        int preambleWithoutPadding = NPY_MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (NPY_ALIGNMENT - preambleWithoutPadding % NPY_ALIGNMENT) % NPY_ALIGNMENT;
        byte[] text = (dict + " ".repeat(padding) + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(NPY_MAGIC.length + 2 + 2 + text.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put(NPY_MAGIC)
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) text.length)
                .put(text)
                .array();
    }

    private static void writeLittleEndian(double[] data, OutputStream out) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        DoubleBuffer doubles = bytes.asDoubleBuffer();
        for (int from = 0; from < data.length; from += doubles.capacity()) {
            int count = Math.min(doubles.capacity(), data.length - from);
            doubles.put(0, data, from, count);
            out.write(bytes.array(), 0, 8 * count);
        }
    }

    // ---- reading ----

    /** What a .npy header says about the data that follows it. */
    private record Header(String descr, boolean fortranOrder, long[] shape) {
    }

    /**
     * Tells "not an .npz at all" apart from "an .npz that is damaged", which ZipFile reports
     * with the same exception; also turns a missing file into a plain message.
     */
    private static void requireZipSignature(Path file) {
        byte[] start;
        try (InputStream in = Files.newInputStream(file)) {
            start = in.readNBytes(NPY_MAGIC.length);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw new UserError(file + ": no such file");
            }
            if (Files.isDirectory(file)) {
                throw new UserError(file + ": is a directory, not a .npz file");
            }
            throw new UserError(file + ": cannot read: " + AtomicFiles.reason(e));
        }
        if (startsWith(start, ZIP_LOCAL_HEADER) || startsWith(start, ZIP_EMPTY_ARCHIVE)) {
            return;
        }
        if (startsWith(start, NPY_MAGIC)) {
            throw new UserError(file + ": is a single .npy array, not a .npz (zip) file; save the model with np.savez");
        }
        throw new UserError(file + (start.length == 0 ? ": is empty, not" : ": not") + " a .npz (zip) file");
    }

    private static NdArray readNpy(String where, ZipEntry entry, InputStream raw, long remainingBytes)
            throws IOException {
        CheckedInputStream in = new CheckedInputStream(raw, new CRC32());
        Header header = parseHeader(where, readHeaderText(where, in));

        if (header.descr().equals(">f8")) {
            throw new UserError(where + ": dtype '>f8' is big-endian; save the arrays as little-endian float64"
                    + " ('<f8'), e.g. a.astype('<f8')");
        }
        if (!header.descr().equals("<f8")) {
            throw new UserError(where + ": dtype '" + printable(header.descr()) + "' is not float64 ('<f8');"
                    + " save the arrays as float64, e.g. a.astype(np.float64)");
        }
        if (header.fortranOrder() && header.shape().length > 2) {
            throw new UserError(where + ": Fortran-ordered arrays of more than 2 dimensions are not supported;"
                    + " save with np.ascontiguousarray(a)");
        }

        BigInteger declaredBytes = BigInteger.valueOf(8);
        for (long dimension : header.shape()) {
            declaredBytes = declaredBytes.multiply(BigInteger.valueOf(dimension));
        }
        if (declaredBytes.compareTo(BigInteger.valueOf(remainingBytes)) > 0) {
            long usedBytes = MAX_TOTAL_BYTES - remainingBytes;
            throw new UserError(where + ": shape " + NdArray.tupleText(header.shape()) + " declares " + declaredBytes
                    + " bytes, which exceeds the limit of " + MAX_TOTAL_BYTES + " bytes ("
                    + (MAX_TOTAL_BYTES >> 20) + " MiB) for all arrays together"
                    + (usedBytes > 0 ? " (earlier arrays use " + usedBytes + " bytes)" : ""));
        }
        int[] shape = new int[header.shape().length];
        for (int i = 0; i < shape.length; i++) {
            // Only possible next to a zero dimension, since the product passed the limit.
            if (header.shape()[i] > Integer.MAX_VALUE) {
                throw new UserError(where + ": shape " + NdArray.tupleText(header.shape()) + " has a dimension too large");
            }
            shape[i] = (int) header.shape()[i];
        }

        // Orders of 0-D and 1-D arrays coincide; only a 2-D Fortran array needs transposing.
        boolean transpose = header.fortranOrder() && shape.length == 2;
        double[] data = readData(where, in, declaredBytes.intValueExact() / 8, transpose ? shape : null);

        // One byte more than declared shows whether the entry holds more than its header claims.
        if (in.read() != -1) {
            throw new UserError(where + ": unexpected data after the " + declaredBytes
                    + " bytes that shape " + NdArray.tupleText(header.shape()) + " declares");
        }
        if (entry.getCrc() != -1 && in.getChecksum().getValue() != entry.getCrc()) {
            throw new UserError(where + ": corrupted: CRC mismatch");
        }
        return new NdArray(shape, data);
    }

    /** Reads magic, version and header; returns the header dict as text. */
    private static String readHeaderText(String where, InputStream in) throws IOException {
        byte[] preamble = in.readNBytes(NPY_MAGIC.length + 2);
        if (preamble.length < NPY_MAGIC.length + 2 || !startsWith(preamble, NPY_MAGIC)) {
            throw new UserError(where + ": not a .npy array (missing the \\x93NUMPY magic)");
        }
        int major = preamble[NPY_MAGIC.length];
        int minor = preamble[NPY_MAGIC.length + 1];
        // Version 1 has a 2-byte header length; versions 2 and 3 widen it to 4 bytes.
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new UserError(where + ": unsupported .npy format version " + major + "." + minor);
        };
        byte[] lengthField = in.readNBytes(lengthBytes);
        if (lengthField.length < lengthBytes) {
            throw new UserError(where + ": truncated .npy header");
        }
        long headerLength = lengthBytes == 2
                ? ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFFL
                : ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new UserError(where + ": .npy header of " + headerLength + " bytes exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        byte[] text = in.readNBytes((int) headerLength);
        if (text.length < headerLength) {
            throw new UserError(where + ": truncated .npy header: expected " + headerLength
                    + " bytes, found " + text.length);
        }
        return new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a header such as {@code {'descr': '<f8', 'fortran_order': False, 'shape': (10, 784), }}.
     * Keys may come in any order; each of the three must appear exactly once, and nothing else may.
     */
    private static Header parseHeader(String where, String text) {
        String dict = text.strip();
        if (dict.length() < 2 || dict.charAt(0) != '{' || dict.charAt(dict.length() - 1) != '}') {
            throw malformed(where, "not a {...} dict");
        }
        int end = dict.length() - 1;
        Map<String, String> values = new HashMap<>();
        Matcher item = HEADER_ITEM.matcher(dict);
        int position = 1;
        while (!dict.substring(position, end).isBlank()) {
            item.region(position, end);
            if (!item.lookingAt()) {
                throw malformed(where, "cannot parse it at character " + position);
            }
            String key = item.group(1);
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw malformed(where, "unknown key '" + printable(key) + "'");
            }
            if (values.put(key, item.group(2)) != null) {
                throw malformed(where, "key '" + key + "' appears twice");
            }
            position = item.end();
        }

        String descr = requireValue(where, values, "descr");
        String fortranOrder = requireValue(where, values, "fortran_order");
        String shape = requireValue(where, values, "shape");
        if (!descr.startsWith("'")) {
            throw malformed(where, "'descr' is not a string");
        }
        if (!fortranOrder.equals("True") && !fortranOrder.equals("False")) {
            throw malformed(where, "'fortran_order' is not True or False");
        }
        if (!shape.startsWith("(")) {
            throw malformed(where, "'shape' is not a tuple");
        }
        return new Header(descr.substring(1, descr.length() - 1), fortranOrder.equals("True"),
                parseShape(where, shape));
    }

    private static String requireValue(String where, Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw malformed(where, "no '" + key + "'");
        }
        return value;
    }

    /** Parses a Python tuple of integers: {@code ()}, {@code (10,)} or {@code (10, 784)}. */
    private static long[] parseShape(String where, String tuple) {
        String inside = tuple.substring(1, tuple.length() - 1).strip();
        if (inside.isEmpty()) {
            return new long[0];
        }
        boolean trailingComma = inside.endsWith(",");
        String[] parts = (trailingComma ? inside.substring(0, inside.length() - 1) : inside).split(",", -1);
        if (parts.length == 1 && !trailingComma) {
            // In Python "(10)" is the integer 10, not a tuple.
            throw malformed(where, "'shape' is not a tuple");
        }
        if (parts.length > MAX_DIMENSIONS) {
            throw malformed(where, "'shape' has more than " + MAX_DIMENSIONS + " dimensions");
        }
        long[] shape = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (!DIMENSION.matcher(part).matches()) {
                throw malformed(where, "'shape' dimension " + (i + 1) + " is not a non-negative integer"
                        + " of at most 18 digits");
            }
            shape[i] = Long.parseLong(part);
        }
        return shape;
    }

    private static UserError malformed(String where, String problem) {
        return new UserError(where + ": malformed .npy header: " + problem);
    }

    /**
     * Reads {@code count} little-endian doubles. If {@code fortranShape} is given, the data is a
     * column-major matrix of that shape and is stored row-major. The array grows with the data
     * that arrives, never to more than twice it: a header may claim far more than the entry holds.
     */
    private static double[] readData(String where, InputStream in, int count, int[] fortranShape)
            throws IOException {
        double[] data = new double[Math.min(count, CHUNK_BYTES / 8)];
        byte[] bytes = new byte[CHUNK_BYTES];
        DoubleBuffer doubles = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        int done = 0;
        while (done < count) {
            int chunk = Math.min(doubles.capacity(), count - done);
            int read = in.readNBytes(bytes, 0, 8 * chunk);
            if (read < 8 * chunk) {
                throw new UserError(where + ": truncated: expected " + 8L * count + " bytes of data, found "
                        + (8L * done + read));
            }
            if (done + chunk > data.length) {
                data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            }
            doubles.get(0, data, done, chunk);
            done += chunk;
        }
        return fortranShape == null ? data : columnMajorToRowMajor(data, fortranShape[0], fortranShape[1]);
    }

    private static double[] columnMajorToRowMajor(double[] columns, int rows, int cols) {
        double[] data = new double[columns.length];
        for (int index = 0; index < columns.length; index++) {
            data[(index % rows) * cols + index / rows] = columns[index];
        }
        return data;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    /**
     * Replaces control and non-ASCII characters taken from the file, so that a hostile name
     * cannot garble the terminal the error is printed on.
     */
    private static String printable(String untrusted) {
        StringBuilder text = new StringBuilder(untrusted.length());
        untrusted.chars().forEach(c -> text.append(c >= 0x20 && c < 0x7F ? (char) c : '?'));
        return text.toString();
    }
}
