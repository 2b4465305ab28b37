package digitnet.train;

import digitnet.nn.BlockSums;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

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
 *
 * <p>A sum may also hold one slice of those values ({@link #packSlices}): where many tasks' sums
 * meet, each slice is added up on an executor of its own, and the driver puts the summed slices
 * together ({@link GradientJob}).
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final double TWO_64 = 0x1p64;
    private static final double BELOW_ONE = Math.nextDown(1.0);
    /** Below 2^63 with room for 2^15 blocks of such values before the integer part could overflow. */
    private static final double LIMIT = 0x1p48;

    /** Values in the whole vector: the parameters and the two losses. */
    private final int size;
    /** The slice this sum holds: values {@code from} to {@code from + length - 1} of the vector. */
    private final int from;
    private final int length;
    private long[] high;   // integer parts, two's complement
    private long[] low;    // fractional parts, unsigned, in units of 2^-64
    private long trainCorrect;
    private long devCorrect;
    private boolean diverged;

    /** An empty sum of {@code parameters} gradient values plus two losses; arrays come on first use. */
    public GradientSum(int parameters) {
        this(parameters + 2, 0, parameters + 2);
    }

    private GradientSum(int size, int from, int length) {
        this.size = size;
        this.from = from;
        this.length = length;
    }

    /** Adds one block's sums (into a whole sum, not a slice). */
    public GradientSum add(BlockSums block) {
        requireWhole();
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
        if (other.size != size || other.from != from || other.length != length) {
            throw new IllegalArgumentException("a sum of values " + other.range() + ", not " + range());
        }
        if (other.high != null) {
            allocate();
            for (int i = 0; i < length; i++) {
                addFixed(i, other.high[i], other.low[i]);
            }
        }
        trainCorrect += other.trainCorrect;
        devCorrect += other.devCorrect;
        diverged |= other.diverged;
        return this;
    }

    /**
     * This sum as the bytes a task sends on, about 9 a value where the two arrays take 16: a
     * header (the counts, the flags, the vector's size and the slice's place in it), a bitmap of
     * the values that are 0 (pixels no row of the partition lit), then for each other value its
     * integer part as a zigzag varint (nearly always one byte: block sums are small) and its 64
     * fractional bits. Spark sends a task's result of up to {@code spark.task.maxDirectResultSize}
     * (1 MB by default) with the task's status, and a larger one through the block manager, a
     * second round trip: at hidden 128 the arrays are 1.6 MB and this form 0.93 MB.
     * {@link #mergePacked} adds such bytes in; the same bits as {@link #merge}.
     */
    public byte[] pack() {
        return pack(from, from + length, true);
    }

    /**
     * This whole sum cut into {@code slices} packed slices of about equal length, in order; the
     * counts and the divergence flag travel in the first, so that adding up slices of many sums
     * counts each once. Merged into a whole sum, the slices give the bits of {@link #pack}.
     */
    public byte[][] packSlices(int slices) {
        requireWhole();
        byte[][] packed = new byte[slices][];
        for (int s = 0; s < slices; s++) {
            packed[s] = pack(sliceStart(size, slices, s), sliceStart(size, slices, s + 1), s == 0);
        }
        return packed;
    }

    /** Where slice {@code s} of {@code slices} of a vector of {@code size} values starts. */
    static int sliceStart(int size, int slices, int s) {
        return (int) ((long) size * s / slices);
    }

    private byte[] pack(int start, int end, boolean withCounts) {
        int count = end - start;
        int bitmap = (count + 7) / 8;
        byte[] out = new byte[HEADER + bitmap + (high == null ? 0 : count * (MAX_VARINT + Long.BYTES))];
        if (withCounts) {
            LONGS.set(out, 0, trainCorrect);
            LONGS.set(out, 8, devCorrect);
            out[16] = (byte) (diverged ? 1 : 0);
        }
        out[16] |= (byte) (high == null ? 0 : 2);
        INTS.set(out, 17, size);
        INTS.set(out, 21, start);
        INTS.set(out, 25, count);
        int at = HEADER + bitmap;
        if (high != null) {
            for (int v = 0; v < count; v++) {
                int i = start - from + v;
                if (high[i] == 0 && low[i] == 0) {
                    out[HEADER + v / 8] |= (byte) (1 << (v % 8));
                    continue;
                }
                for (long zigzag = (high[i] << 1) ^ (high[i] >> 63); ; zigzag >>>= 7) {
                    if ((zigzag & ~0x7FL) == 0) {
                        out[at++] = (byte) zigzag;
                        break;
                    }
                    out[at++] = (byte) (zigzag & 0x7F | 0x80);
                }
                LONGS.set(out, at, low[i]);
                at += Long.BYTES;
            }
        }
        return Arrays.copyOf(out, at);
    }

    /** A sum or a slice packed by {@link #pack} or {@link #packSlices}, unpacked. */
    public static GradientSum unpack(byte[] packed) {
        return new GradientSum((int) INTS.get(packed, 17), (int) INTS.get(packed, 21), (int) INTS.get(packed, 25))
                .mergePacked(packed);
    }

    /** An empty whole sum of the vector that {@code packed}, a sum or a slice, belongs to. */
    public static GradientSum emptyFor(byte[] packed) {
        return new GradientSum((int) INTS.get(packed, 17) - 2);
    }

    /** Adds in a packed sum of the same vector: this sum's values, or a slice of them. */
    public GradientSum mergePacked(byte[] packed) {
        int start = (int) INTS.get(packed, 21);
        int count = (int) INTS.get(packed, 25);
        if ((int) INTS.get(packed, 17) != size || start < from || count > from + length - start) {
            throw new IllegalArgumentException("a packed sum of values " + start + ".." + (start + count - 1)
                    + " of " + INTS.get(packed, 17) + ", not within " + range());
        }
        trainCorrect += (long) LONGS.get(packed, 0);
        devCorrect += (long) LONGS.get(packed, 8);
        diverged |= (packed[16] & 1) != 0;
        if ((packed[16] & 2) != 0) {
            allocate();
            int at = HEADER + (count + 7) / 8;
            for (int v = 0; v < count; v++) {
                if ((packed[HEADER + v / 8] & (1 << (v % 8))) != 0) {
                    continue;
                }
                long zigzag = 0;
                for (int shift = 0; ; shift += 7) {
                    byte b = packed[at++];
                    zigzag |= (long) (b & 0x7F) << shift;
                    if (b >= 0) {
                        break;
                    }
                }
                addFixed(start - from + v, (zigzag >>> 1) ^ -(zigzag & 1), (long) LONGS.get(packed, at));
                at += Long.BYTES;
            }
        }
        return this;
    }

    /** The counts, the flags (diverged, has values), the vector's size, the slice's start and length. */
    private static final int HEADER = 29;
    private static final int MAX_VARINT = 10;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private String range() {
        return from + ".." + (from + length - 1) + " of " + size;
    }

    private void requireWhole() {
        if (length != size) {
            throw new IllegalStateException("a slice (values " + range() + ") where the whole sum is needed");
        }
    }

    /** The summed gradient times {@code scale} (1/m), as doubles. */
    public double[] gradient(double scale) {
        requireWhole();
        double[] g = new double[size - 2];
        for (int i = 0; i < g.length; i++) {
            g[i] = value(i) * scale;
        }
        return g;
    }

    public double trainLoss() {
        requireWhole();
        return value(size - 2);
    }

    public double devLoss() {
        requireWhole();
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
            high = new long[length];
            low = new long[length];
        }
    }

    /*
     * Every cast here is in range: the JVM converts an out-of-range double to long on a slow path,
     * and the former conversion (the cast of fraction · 2^64, which saturates for every fraction
     * from one half up, then a branch on which half) cost 18-20 ns a value against 7-8 now, 2.0
     * against 0.7-0.8 ms a block at hidden 128 (thread CPU time, 2-core Intel Xeon, JDK 17; the
     * same rounding without the branch but with the saturating cast still took 22 ns).
     */
    private void addValue(int i, double v) {
        if (!(Math.abs(v) < LIMIT)) {
            diverged = true;
            return;
        }
        // v = whole + fraction with 0 <= fraction < 1, exact for 1 <= |v| < 2^48; for v between
        // -1 and 0 the fraction v + 1 is rounded to a double (by less than 2^-53; within 2^-53 of
        // 0 it would round to 1 and is taken as the largest double below 1), a function of v
        // alone, so the sum is still the same whatever the order.
        double whole = Math.floor(v);
        double fraction = Math.min(v - whole, BELOW_ONE);
        // floor(fraction · 2^64) as an unsigned long: its upper 63 bits from fraction · 2^63 (exact,
        // and below 2^63, so the cast neither rounds nor saturates), its last bit from what that
        // cast dropped. A cast that saturates takes the JVM's slow path: the plain cast of
        // fraction · 2^64 did for every fraction from one half up.
        double upper = fraction * 0x1p63;
        long upperBits = (long) upper;
        long fractionBits = upperBits << 1 | (long) ((upper - upperBits) * 2);
        addFixed(i, (long) whole, fractionBits);
    }

    private void addFixed(int i, long hi, long lo) {
        long before = low[i];
        long sum = before + lo;
        long carry = ((before & lo) | ((before | lo) & ~sum)) >>> 63;   // carry out of bit 63
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
