package digitnet.data;

import java.io.Serializable;
import java.util.Collections;
import java.util.PriorityQueue;

/**
 * The seeded dev split: the {@code devRows} rows with the smallest {@link RowKey#devKey} are
 * dev rows, like the notebook's shuffle-then-slice, but the same rows whatever the line order.
 *
 * <p>Built by an aggregation that keeps the smallest keys seen (O(devRows) memory). Rows whose
 * key equals the largest dev key are identical rows (equal content gives equal keys), so the
 * first {@link #copiesAtThreshold} of them in a block are dev rows and any further copies train.
 */
public final class DevSplit implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int devRows;
    private final PriorityQueue<Long> smallest;   // max-heap of the smallest keys seen

    public DevSplit(int devRows) {
        this.devRows = devRows;
        this.smallest = new PriorityQueue<>(Math.max(1, devRows + 1), Collections.reverseOrder());
    }

    public DevSplit add(long devKey) {
        if (devRows == 0) {
            return this;
        }
        if (smallest.size() < devRows) {
            smallest.add(devKey);
        } else if (devKey < smallest.peek()) {
            smallest.poll();
            smallest.add(devKey);
        }
        return this;
    }

    public DevSplit merge(DevSplit other) {
        for (long key : other.smallest) {
            add(key);
        }
        return this;
    }

    /** Whether no row is a dev row. */
    public boolean isEmpty() {
        return smallest.isEmpty();
    }

    /** The largest dev key; rows with a smaller key are dev rows. */
    public long threshold() {
        return smallest.peek();
    }

    /** How many dev rows have exactly the threshold key. */
    public int copiesAtThreshold() {
        long t = threshold();
        return (int) smallest.stream().filter(k -> k == t).count();
    }
}
