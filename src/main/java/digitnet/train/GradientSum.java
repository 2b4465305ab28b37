package digitnet.train;

import digitnet.nn.BlockSums;
import java.io.Serializable;

/**
 * The exact accumulator behind the reproducibility promise.
 *
 * <p>Floating-point addition is not associative, and Spark merges partial results in whatever
 * order tasks finish. So each block's sums are converted to fixed point (128 bits a value: a
 * signed 64-bit integer part and 64 fractional bits, truncated toward −∞) and added as integers
 * with carry, which is associative: the total is the same bits whatever the partitioning, the
 * merge order or the tree depth. The driver converts back to double once per iteration.
 *
 * <p>Values are the gradient (laid out as {@link digitnet.nn.Layout}) followed by the train and
 * dev loss sums. A value that is not finite or not below 2<sup>48</sup> in magnitude is far
 * outside any sane gradient; it marks the sum as diverged instead of being added.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double TWO_64 = 0x1p64;
    /** Below 2^63 with room for 2^15 blocks of such values before the integer part could overflow. */
    private static final double LIMIT = 0x1p48;

    private final int size;
    private long[] high;   // integer parts, two's complement
    private long[] low;    // fractional parts, unsigned, in units of 2^-64
    private long trainCorrect;
    private long devCorrect;
    private boolean diverged;

    /** An empty sum of {@code parameters} gradient values plus two losses; arrays come on first use. */
    public GradientSum(int parameters) {
        this.size = parameters + 2;
    }

    /** Adds one block's sums. */
    public GradientSum add(BlockSums block) {
        allocate();
        double[] g = block.gradient;
        for (int i = 0; i < g.length; i++) {
            addValue(i, g[i]);
        }
        addValue(size - 2, block.trainLoss);
        addValue(size - 1, block.devLoss);
        trainCorrect += block.trainCorrect;
        devCorrect += block.devCorrect;
        return this;
    }

    /** Adds another partial sum (the merge of {@link GradientJob#total}). */
    public GradientSum merge(GradientSum other) {
        if (other.high != null) {
            allocate();
            for (int i = 0; i < size; i++) {
                addFixed(i, other.high[i], other.low[i]);
            }
        }
        trainCorrect += other.trainCorrect;
        devCorrect += other.devCorrect;
        diverged |= other.diverged;
        return this;
    }

    /** The summed gradient times {@code scale} (1/m), as doubles. */
    public double[] gradient(double scale) {
        double[] g = new double[size - 2];
        for (int i = 0; i < g.length; i++) {
            g[i] = value(i) * scale;
        }
        return g;
    }

    public double trainLoss() {
        return value(size - 2);
    }

    public double devLoss() {
        return value(size - 1);
    }

    public long trainCorrect() {
        return trainCorrect;
    }

    public long devCorrect() {
        return devCorrect;
    }

    /** Whether some block produced a value that is not finite or too large: training diverged. */
    public boolean diverged() {
        return diverged;
    }

    private void allocate() {
        if (high == null) {
            high = new long[size];
            low = new long[size];
        }
    }

    private void addValue(int i, double v) {
        if (v == 0) {
            return;
        }
        if (!(Math.abs(v) < LIMIT)) {
            diverged = true;
            return;
        }
        // v = whole + fraction with 0 <= fraction < 1; both steps are exact for |v| < 2^48.
        double whole = Math.floor(v);
        double fraction = v - whole;
        long fractionBits = fraction < 0.5
                ? (long) (fraction * TWO_64)
                : (long) ((fraction - 0.5) * TWO_64) ^ Long.MIN_VALUE;
        addFixed(i, (long) whole, fractionBits);
    }

    private void addFixed(int i, long hi, long lo) {
        long sum = low[i] + lo;
        long carry = Long.compareUnsigned(sum, low[i]) < 0 ? 1 : 0;
        low[i] = sum;
        high[i] += hi + carry;
    }

    private double value(int i) {
        if (high == null) {
            return 0;
        }
        long lo = low[i];
        double fraction = (lo >>> 1) * 2.0 / TWO_64 + (lo & 1) / TWO_64;
        return high[i] + fraction;
    }
}
