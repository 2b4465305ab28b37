package digitnet.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One validated digit with its content hash: what travels from the CSV reader to block packing.
 * Rows order by content (hash, then label and pixels), so equal rows sit together.
 */
public record KeyedRow(long hash, byte label, byte[] pixels)
        implements Serializable, Comparable<KeyedRow> {

    public static KeyedRow of(int label, byte[] pixels) {
        return new KeyedRow(RowKey.contentHash(label, pixels), (byte) label, pixels);
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
