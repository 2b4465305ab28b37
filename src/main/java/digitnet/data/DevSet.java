package digitnet.data;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.compat.KryoRecords;
import java.io.Serializable;

/**
 * Which labelled rows are held out as the dev set: measured each iteration (forward only),
 * never trained on.
 */
public sealed interface DevSet extends Serializable {

    /**
     * The {@code rows} rows with the smallest {@link RowKey#devKey} under {@code seed}: the
     * notebook's shuffle-then-slice, but the same rows whatever the line order or partitioning.
     * This is the split {@code train --dev-rows N --seed S} makes.
     */
    @DefaultSerializer(KryoRecords.class)
    record Seeded(int rows, long seed) implements DevSet {
        public Seeded {
            if (rows < 0) {
                throw new IllegalArgumentException("dev rows must be 0 or more, not " + rows);
            }
        }
    }

    /** The rows the caller marked ({@link LabelledDigit#dev()}), such as a validation column. */
    @DefaultSerializer(KryoRecords.class)
    record Marked() implements DevSet {}

    static DevSet seeded(int rows, long seed) {
        return new Seeded(rows, seed);
    }

    /** No dev rows: every row trains. */
    static DevSet none() {
        return new Seeded(0, 0);
    }

    static DevSet marked() {
        return new Marked();
    }
}
