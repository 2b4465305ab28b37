package digitnet.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One validated digit with its content hash: what travels from the reader to block packing.
 * Rows order by content (hash, then label and pixels), so equal rows sit together;
 * {@code dev} is the caller's mark, read only with {@link DevSet#marked()}.
 */
public record KeyedRow(long hash, byte label, byte[] pixels, boolean dev)
        implements Serializable, Comparable<KeyedRow> {

    public static KeyedRow of(int label, byte[] pixels) {
        return of(label, pixels, false);
    }

    public static KeyedRow of(int label, byte[] pixels, boolean dev) {
        return new KeyedRow(RowKey.contentHash(label, pixels), (byte) label, pixels, dev);
    }

    @Override
    public int compareTo(KeyedRow o) {
        int c = Long.compare(hash, o.hash);
        if (c == 0) {
            c = Byte.compare(label, o.label);
        }
        return c != 0 ? c : Arrays.compare(pixels, o.pixels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyedRow k && compareTo(k) == 0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }
}
