package digitnet.data;

import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Validated digits encoded compactly, a chunk of rows in one byte array: how loading carries
 * rows from the parser through its cache and Spark's shuffle to block packing. A thousand rows
 * are then one object to cache, serialize and sort, where they would be a thousand objects of
 * 784 dense bytes each; and they take about 2 bytes a non-zero pixel, under half the dense size
 * on MNIST.
 *
 * <p>A row starts at an offset {@code at}: its content hash ({@link RowKey#contentHash}, 8
 * bytes), its label (1), its flags (1: the caller's dev mark, whether a weight follows), its
 * count of non-zero pixels (2), the length of its pixel bytes (2), its sample weight (8, only
 * when it is not 1), then each non-zero pixel in increasing order as the gap from the one before
 * it and its value, a byte each; a gap of 255 or more is written as 255s, each adding 255, and
 * the remainder.
 */
public final class SparseRows implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER = 14;
    private static final int DEV = 1;
    private static final int WEIGHTED = 2;
    private static final int GAP_ESCAPE = 255;
    /**
     * For a word of eight bytes: {@code (word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS} sets a byte's top
     * bit when its low seven bits are not all 0 (no carry leaves a byte), so with {@code | word}
     * and {@code & HIGH_BITS} the top bit of each non-zero byte is left, and only those.
     */
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final byte[] bytes;
    private final int rows;

    private SparseRows(byte[] bytes, int rows) {
        this.bytes = bytes;
        this.rows = rows;
    }

    /** How many rows the chunk holds. */
    public int rows() {
        return rows;
    }

    /** Whether {@code at} is past the last row: rows are read from offset 0 until it is. */
    public boolean isEnd(int at) {
        return at >= bytes.length;
    }

    /** The offset of the row after the one at {@code at}. */
    public int next(int at) {
        return pixelsAt(at) + Short.toUnsignedInt((short) SHORT.get(bytes, at + 12));
    }

    public long hash(int at) {
        return (long) LONG.get(bytes, at);
    }

    public byte label(int at) {
        return bytes[at + 8];
    }

    /** The caller's dev mark ({@link DevSet#marked()}). */
    public boolean dev(int at) {
        return (bytes[at + 9] & DEV) != 0;
    }

    public double weight(int at) {
        return (bytes[at + 9] & WEIGHTED) != 0 ? Double.longBitsToDouble((long) LONG.get(bytes, at + HEADER)) : 1;
    }

    /** How many of the row's pixels are not 0. */
    public int nonZero(int at) {
        return Short.toUnsignedInt((short) SHORT.get(bytes, at + 10));
    }

    private int pixelsAt(int at) {
        return at + HEADER + ((bytes[at + 9] & WEIGHTED) != 0 ? 8 : 0);
    }

    /**
     * Writes the row's non-zero pixels, in increasing order, to {@code index[to ..]} and
     * {@code value[to ..]}: {@link #nonZero} of them.
     */
    public void nonZeroPixels(int at, short[] index, byte[] value, int to) {
        int i = pixelsAt(at);
        int pixel = -1;
        for (int n = to, end = to + nonZero(at); n < end; n++) {
            int gap = bytes[i++] & 0xFF;
            while (gap == GAP_ESCAPE) {
                pixel += GAP_ESCAPE;
                gap = bytes[i++] & 0xFF;
            }
            pixel += gap + 1;
            index[n] = (short) pixel;
            value[n] = bytes[i++];
        }
    }

    /** The row's 784 pixels as bytes. */
    public byte[] densePixels(int at) {
        int count = nonZero(at);
        short[] index = new short[count];
        byte[] value = new byte[count];
        nonZeroPixels(at, index, value, 0);
        byte[] dense = new byte[DigitShape.PIXELS];
        for (int n = 0; n < count; n++) {
            dense[index[n]] = value[n];
        }
        return dense;
    }

    /**
     * Orders rows as blocks hold them: by content hash, then label, then pixels (as
     * {@link Arrays#compare(byte[], byte[])} orders the dense bytes: only rows with equal hashes,
     * nearly always equal rows, are decoded for it), then weight.
     */
    public static int compare(SparseRows a, int atA, SparseRows b, int atB) {
        int c = Long.compare(a.hash(atA), b.hash(atB));
        if (c == 0) {
            c = Byte.compare(a.label(atA), b.label(atB));
        }
        if (c == 0) {
            c = Arrays.compare(a.densePixels(atA), b.densePixels(atB));
        }
        return c != 0 ? c : Double.compare(a.weight(atA), b.weight(atB));
    }

    /** Appends rows to a chunk. */
    public static final class Builder {
        private byte[] bytes;
        private int length;
        private int rows;

        public Builder(int initialBytes) {
            bytes = new byte[Math.max(initialBytes, 64)];
        }

        public int rows() {
            return rows;
        }

        /** Appends a digit given as its 784 pixel bytes, with its content hash computed here. */
        public Builder add(int label, byte[] pixels, boolean dev, double weight) {
            if (pixels.length != DigitShape.PIXELS) {
                throw new IllegalArgumentException(pixels.length + " pixels, not " + DigitShape.PIXELS);
            }
            ensure(HEADER + 8 + 2 * DigitShape.PIXELS);
            int at = length;
            LONG.set(bytes, at, RowKey.contentHash(label, pixels));
            bytes[at + 8] = (byte) label;
            bytes[at + 9] = (byte) ((dev ? DEV : 0) | (weight != 1 ? WEIGHTED : 0));
            int i = at + HEADER;
            if (weight != 1) {
                LONG.set(bytes, i, Double.doubleToRawLongBits(weight));
                i += 8;
            }
            int start = i;
            int count = 0;
            int last = -1;
            // Eight pixels a word, and within a word only its non-zero bytes: a branch on every
            // pixel, four in five of them 0 on MNIST in no pattern a predictor learns, cost more
            // than the rest of the row's encoding.
            for (int w = 0; w < DigitShape.PIXELS; w += Long.BYTES) {
                long word = (long) LONG.get(pixels, w);
                long nonZero = ((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS | word) & HIGH_BITS;
                for (; nonZero != 0; nonZero &= nonZero - 1) {
                    int p = w + Long.numberOfTrailingZeros(nonZero) / Byte.SIZE;
                    int gap = p - last - 1;
                    for (; gap >= GAP_ESCAPE; gap -= GAP_ESCAPE) {
                        bytes[i++] = (byte) GAP_ESCAPE;
                    }
                    bytes[i++] = (byte) gap;
                    bytes[i++] = pixels[p];
                    count++;
                    last = p;
                }
            }
            SHORT.set(bytes, at + 10, (short) count);
            SHORT.set(bytes, at + 12, (short) (i - start));
            length = i;
            rows++;
            return this;
        }

        /** Appends the row at {@code at} of {@code from} as it is. */
        public Builder add(SparseRows from, int at) {
            int size = from.next(at) - at;
            ensure(size);
            System.arraycopy(from.bytes, at, bytes, length, size);
            length += size;
            rows++;
            return this;
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
            }
        }

        /** The rows appended so far, in their order. */
        public SparseRows build() {
            return new SparseRows(Arrays.copyOf(bytes, length), rows);
        }
    }
}
