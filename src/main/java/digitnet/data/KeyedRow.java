package digitnet.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One validated digit with its content hash: what travels from the reader to block packing.
 * Rows order by content (hash, then label and pixels, then weight), so equal rows sit together;
 * {@code dev} is the caller's mark, read only with {@link DevSet#marked()}; {@code weight} is the
 * row's sample weight (1 for rows read from files). The hash is of the digit alone, so a row's
 * block and dev split do not depend on its weight.
 */
public record KeyedRow(long hash, byte label, byte[] pixels, boolean dev, double weight)
        implements Serializable, Comparable<KeyedRow> {

    public static KeyedRow of(int label, byte[] pixels) {
        return of(label, pixels, false, 1);
    }

    public static KeyedRow of(int label, byte[] pixels, boolean dev, double weight) {
        return new KeyedRow(RowKey.contentHash(label, pixels), (byte) label, pixels, dev, weight);
    }

    @Override
    public int compareTo(KeyedRow o) {
        int c = Long.compare(hash, o.hash);
        if (c == 0) {
            c = Byte.compare(label, o.label);
        }
        if (c == 0) {
            c = Arrays.compare(pixels, o.pixels);
        }
        return c != 0 ? c : Double.compare(weight, o.weight);
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
