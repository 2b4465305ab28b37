package digitnet.nn;

import static digitnet.data.Block.GROUP;
import static digitnet.data.Block.GROUPS;

import digitnet.data.Block;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelLoops} with SIMD in the machine's preferred width (8 doubles with AVX-512, 4 with
 * AVX2), register-blocked over hidden units and over the four pixels of a group: the units,
 * padded to whole vectors, are cut into tiles of the widest size the registers hold
 * ({@link #WIDEST_TILE}: four vectors with AVX-512, three with AVX2), then of two, and one of one
 * vector for an odd one left, and a block is done a tile at a time, so that the slices of weights,
 * Z1 and dZ1 the tile reads stay in cache.
 *
 * <p>Forward, a group's four weight rows stay in registers (eight vectors in a two-vector tile)
 * while the group's rows stream past, and each row's Z1 slice is loaded, gets four multiply-adds a lane and is
 * stored: one weight load feeds as many multiply-adds as the group has rows, where a pixel at a
 * time needs a weight load for every multiply-add. Backward, the four pixels' dW1 sums stay in
 * registers (eight vectors and chains in a two-vector tile, enough to hide a fused
 * multiply-add's four cycles at two a cycle) while the group's training rows stream past, each row's dZ1 slice loaded
 * once for four multiply-adds, and are stored once a block.
 */
final class VectorPixelLoops implements PixelLoops {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /**
     * The widest tile, in vectors, that the registers hold. AVX-512 has 32 vector registers, and a
     * four-vector tile takes 16 for its weights or sums, 4 for the streamed row and one for the
     * pixel value. AVX2 has 16: a three-vector tile takes 12 + 3 + 1 of them, and four would
     * spill. At hidden 128 the four-vector tiles took the pixel loops from 34 + 30 to 28 + 20 ms a
     * 10,000-digit pass (forward + backward, medians of 5 runs each, alternating; `KernelCpuTime
     * 128 VECTOR 60`, 2-core Intel Xeon, AVX-512, JDK 17), and on AVX2 the three-vector tiles
     * (against two) from 40 + 34 to 35 + 28 ms (2-core AMD EPYC Zen 3, JDK 17): the row index,
     * the four pixel values and the loop's checks of an entry serve more multiply-adds.
     */
    private static final int WIDEST_TILE = LANES >= 8 ? 4 : 3;

    private final int padded;

    VectorPixelLoops(int hidden) {
        padded = padded(hidden);
    }

    @Override
    public int padded(int n) {
        return (n + LANES - 1) / LANES * LANES;
    }

    @Override
    public void axpy(double s, double[] x, int xAt, double[] y, int yAt, int n) {
        DoubleVector scale = DoubleVector.broadcast(SPECIES, s);
        for (int i = 0; i < n; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, xAt + i).fma(scale, DoubleVector.fromArray(SPECIES, y, yAt + i))
                    .intoArray(y, yAt + i);
        }
    }

    /** Two vectors' chains at a time, so that each waits on its own multiply-adds only half the time. */
    @Override
    public void axpys(double[] s, int count, double[] x, int xAt, int stride, double[] y, int yAt, int n) {
        int i = 0;
        for (; i + 2 * LANES <= n; i += 2 * LANES) {
            DoubleVector a = load(y, yAt + i), b = load(y, yAt + i + LANES);
            for (int j = 0, at = xAt + i; j < count; j++, at += stride) {
                DoubleVector scale = DoubleVector.broadcast(SPECIES, s[j]);
                a = load(x, at).fma(scale, a);
                b = load(x, at + LANES).fma(scale, b);
            }
            a.intoArray(y, yAt + i);
            b.intoArray(y, yAt + i + LANES);
        }
        if (i < n) {
            DoubleVector a = load(y, yAt + i);
            for (int j = 0, at = xAt + i; j < count; j++, at += stride) {
                a = load(x, at).fma(DoubleVector.broadcast(SPECIES, s[j]), a);
            }
            a.intoArray(y, yAt + i);
        }
    }

    @Override
    public void hiddenLayer(double[] z, int at, double[] b1, double[] a1, int n) {
        for (int i = 0; i < n; i += LANES) {
            DoubleVector z1 = load(z, at + i).div(255.0).add(load(b1, i));
            z1.intoArray(z, at + i);
            z1.max(0.0).intoArray(a1, i);
        }
    }

    @Override
    public void reluGradient(double[] z, int at, double[] dz, double[] db1, int n) {
        DoubleVector zero = DoubleVector.zero(SPECIES);
        for (int i = 0; i < n; i += LANES) {
            DoubleVector s = zero.blend(load(dz, i), load(z, at + i).compare(VectorOperators.GT, 0.0));
            s.intoArray(z, at + i);
            load(db1, i).add(s).intoArray(db1, i);
        }
    }

    @Override
    public int paddedHidden() {
        return padded;
    }

    @Override
    public void forward(Block block, double[] w1t, double[] z, int zAt) {
        Arrays.fill(z, zAt, zAt + block.rows() * padded, 0.0);
        int t = 0;
        for (; WIDEST_TILE == 4 && t + 4 * LANES <= padded; t += 4 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                forwardFourVectors(block, g, w1t, t, z, zAt);
            }
        }
        for (; WIDEST_TILE == 3 && t + 3 * LANES <= padded; t += 3 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                forwardThreeVectors(block, g, w1t, t, z, zAt);
            }
        }
        for (; t + 2 * LANES <= padded; t += 2 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                forwardTwoVectors(block, g, w1t, t, z, zAt);
            }
        }
        if (t < padded) {
            for (int g = 0; g < GROUPS; g++) {
                forwardOneVector(block, g, w1t, t, z, zAt);
            }
        }
    }

    @Override
    public void backward(Block block, double[] dz, int dzAt, double[] dw1t) {
        int t = 0;
        for (; WIDEST_TILE == 4 && t + 4 * LANES <= padded; t += 4 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                backwardFourVectors(block, g, dz, dzAt, t, dw1t);
            }
        }
        for (; WIDEST_TILE == 3 && t + 3 * LANES <= padded; t += 3 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                backwardThreeVectors(block, g, dz, dzAt, t, dw1t);
            }
        }
        for (; t + 2 * LANES <= padded; t += 2 * LANES) {
            for (int g = 0; g < GROUPS; g++) {
                backwardTwoVectors(block, g, dz, dzAt, t, dw1t);
            }
        }
        if (t < padded) {
            for (int g = 0; g < GROUPS; g++) {
                backwardOneVector(block, g, dz, dzAt, t, dw1t);
            }
        }
    }

    /** As {@link #forwardTwoVectors}, four vectors of units. */
    private void forwardFourVectors(Block block, int g, double[] w1t, int t, double[] z, int zAt) {
        int from = block.groupStart[g];
        int to = block.groupStart[g + 1];
        if (from == to) {
            return;
        }
        int w = GROUP * g * padded + t;
        DoubleVector w0a = load(w1t, w), w0b = load(w1t, w + LANES), w0c = load(w1t, w + 2 * LANES), w0d = load(w1t, w + 3 * LANES);
        w += padded;
        DoubleVector w1a = load(w1t, w), w1b = load(w1t, w + LANES), w1c = load(w1t, w + 2 * LANES), w1d = load(w1t, w + 3 * LANES);
        w += padded;
        DoubleVector w2a = load(w1t, w), w2b = load(w1t, w + LANES), w2c = load(w1t, w + 2 * LANES), w2d = load(w1t, w + 3 * LANES);
        w += padded;
        DoubleVector w3a = load(w1t, w), w3b = load(w1t, w + LANES), w3c = load(w1t, w + 2 * LANES), w3d = load(w1t, w + 3 * LANES);
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = from; e < to; e++) {
            int at = zAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(z, at), b = load(z, at + LANES), c = load(z, at + 2 * LANES), d = load(z, at + 3 * LANES);
            DoubleVector x = broadcast(values[v]);
            a = w0a.fma(x, a);
            b = w0b.fma(x, b);
            c = w0c.fma(x, c);
            d = w0d.fma(x, d);
            x = broadcast(values[v + 1]);
            a = w1a.fma(x, a);
            b = w1b.fma(x, b);
            c = w1c.fma(x, c);
            d = w1d.fma(x, d);
            x = broadcast(values[v + 2]);
            a = w2a.fma(x, a);
            b = w2b.fma(x, b);
            c = w2c.fma(x, c);
            d = w2d.fma(x, d);
            x = broadcast(values[v + 3]);
            a = w3a.fma(x, a);
            b = w3b.fma(x, b);
            c = w3c.fma(x, c);
            d = w3d.fma(x, d);
            a.intoArray(z, at);
            b.intoArray(z, at + LANES);
            c.intoArray(z, at + 2 * LANES);
            d.intoArray(z, at + 3 * LANES);
        }
    }

    /** As {@link #backwardTwoVectors}, four vectors of units. */
    private void backwardFourVectors(Block block, int g, double[] dz, int dzAt, int t, double[] dw1t) {
        DoubleVector s0a = DoubleVector.zero(SPECIES), s0b = s0a, s0c = s0a, s0d = s0a, s1a = s0a, s1b = s0a, s1c = s0a, s1d = s0a;
        DoubleVector s2a = s0a, s2b = s0a, s2c = s0a, s2d = s0a, s3a = s0a, s3b = s0a, s3c = s0a, s3d = s0a;
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
            int at = dzAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(dz, at), b = load(dz, at + LANES), c = load(dz, at + 2 * LANES), d = load(dz, at + 3 * LANES);
            DoubleVector x = broadcast(values[v]);
            s0a = a.fma(x, s0a);
            s0b = b.fma(x, s0b);
            s0c = c.fma(x, s0c);
            s0d = d.fma(x, s0d);
            x = broadcast(values[v + 1]);
            s1a = a.fma(x, s1a);
            s1b = b.fma(x, s1b);
            s1c = c.fma(x, s1c);
            s1d = d.fma(x, s1d);
            x = broadcast(values[v + 2]);
            s2a = a.fma(x, s2a);
            s2b = b.fma(x, s2b);
            s2c = c.fma(x, s2c);
            s2d = d.fma(x, s2d);
            x = broadcast(values[v + 3]);
            s3a = a.fma(x, s3a);
            s3b = b.fma(x, s3b);
            s3c = c.fma(x, s3c);
            s3d = d.fma(x, s3d);
        }
        int out = GROUP * g * padded + t;
        s0a.intoArray(dw1t, out);
        s0b.intoArray(dw1t, out + LANES);
        s0c.intoArray(dw1t, out + 2 * LANES);
        s0d.intoArray(dw1t, out + 3 * LANES);
        out += padded;
        s1a.intoArray(dw1t, out);
        s1b.intoArray(dw1t, out + LANES);
        s1c.intoArray(dw1t, out + 2 * LANES);
        s1d.intoArray(dw1t, out + 3 * LANES);
        out += padded;
        s2a.intoArray(dw1t, out);
        s2b.intoArray(dw1t, out + LANES);
        s2c.intoArray(dw1t, out + 2 * LANES);
        s2d.intoArray(dw1t, out + 3 * LANES);
        out += padded;
        s3a.intoArray(dw1t, out);
        s3b.intoArray(dw1t, out + LANES);
        s3c.intoArray(dw1t, out + 2 * LANES);
        s3d.intoArray(dw1t, out + 3 * LANES);
    }

    /** As {@link #forwardTwoVectors}, three vectors of units. */
    private void forwardThreeVectors(Block block, int g, double[] w1t, int t, double[] z, int zAt) {
        int from = block.groupStart[g];
        int to = block.groupStart[g + 1];
        if (from == to) {
            return;
        }
        int w = GROUP * g * padded + t;
        DoubleVector w0a = load(w1t, w), w0b = load(w1t, w + LANES), w0c = load(w1t, w + 2 * LANES);
        w += padded;
        DoubleVector w1a = load(w1t, w), w1b = load(w1t, w + LANES), w1c = load(w1t, w + 2 * LANES);
        w += padded;
        DoubleVector w2a = load(w1t, w), w2b = load(w1t, w + LANES), w2c = load(w1t, w + 2 * LANES);
        w += padded;
        DoubleVector w3a = load(w1t, w), w3b = load(w1t, w + LANES), w3c = load(w1t, w + 2 * LANES);
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = from; e < to; e++) {
            int at = zAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(z, at), b = load(z, at + LANES), c = load(z, at + 2 * LANES);
            DoubleVector x = broadcast(values[v]);
            a = w0a.fma(x, a);
            b = w0b.fma(x, b);
            c = w0c.fma(x, c);
            x = broadcast(values[v + 1]);
            a = w1a.fma(x, a);
            b = w1b.fma(x, b);
            c = w1c.fma(x, c);
            x = broadcast(values[v + 2]);
            a = w2a.fma(x, a);
            b = w2b.fma(x, b);
            c = w2c.fma(x, c);
            x = broadcast(values[v + 3]);
            a = w3a.fma(x, a);
            b = w3b.fma(x, b);
            c = w3c.fma(x, c);
            a.intoArray(z, at);
            b.intoArray(z, at + LANES);
            c.intoArray(z, at + 2 * LANES);
        }
    }

    /** As {@link #backwardTwoVectors}, three vectors of units. */
    private void backwardThreeVectors(Block block, int g, double[] dz, int dzAt, int t, double[] dw1t) {
        DoubleVector s0a = DoubleVector.zero(SPECIES), s0b = s0a, s0c = s0a, s1a = s0a, s1b = s0a, s1c = s0a;
        DoubleVector s2a = s0a, s2b = s0a, s2c = s0a, s3a = s0a, s3b = s0a, s3c = s0a;
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
            int at = dzAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(dz, at), b = load(dz, at + LANES), c = load(dz, at + 2 * LANES);
            DoubleVector x = broadcast(values[v]);
            s0a = a.fma(x, s0a);
            s0b = b.fma(x, s0b);
            s0c = c.fma(x, s0c);
            x = broadcast(values[v + 1]);
            s1a = a.fma(x, s1a);
            s1b = b.fma(x, s1b);
            s1c = c.fma(x, s1c);
            x = broadcast(values[v + 2]);
            s2a = a.fma(x, s2a);
            s2b = b.fma(x, s2b);
            s2c = c.fma(x, s2c);
            x = broadcast(values[v + 3]);
            s3a = a.fma(x, s3a);
            s3b = b.fma(x, s3b);
            s3c = c.fma(x, s3c);
        }
        int out = GROUP * g * padded + t;
        s0a.intoArray(dw1t, out);
        s0b.intoArray(dw1t, out + LANES);
        s0c.intoArray(dw1t, out + 2 * LANES);
        out += padded;
        s1a.intoArray(dw1t, out);
        s1b.intoArray(dw1t, out + LANES);
        s1c.intoArray(dw1t, out + 2 * LANES);
        out += padded;
        s2a.intoArray(dw1t, out);
        s2b.intoArray(dw1t, out + LANES);
        s2c.intoArray(dw1t, out + 2 * LANES);
        out += padded;
        s3a.intoArray(dw1t, out);
        s3b.intoArray(dw1t, out + LANES);
        s3c.intoArray(dw1t, out + 2 * LANES);
    }

    /** Group {@code g}'s multiply-adds into the Z1 of each of its rows, units {@code [t, t + 2·LANES)}. */
    private void forwardTwoVectors(Block block, int g, double[] w1t, int t, double[] z, int zAt) {
        int from = block.groupStart[g];
        int to = block.groupStart[g + 1];
        if (from == to) {
            return;
        }
        int w = GROUP * g * padded + t;
        DoubleVector w0a = load(w1t, w), w0b = load(w1t, w + LANES);
        DoubleVector w1a = load(w1t, w + padded), w1b = load(w1t, w + padded + LANES);
        DoubleVector w2a = load(w1t, w + 2 * padded), w2b = load(w1t, w + 2 * padded + LANES);
        DoubleVector w3a = load(w1t, w + 3 * padded), w3b = load(w1t, w + 3 * padded + LANES);
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = from; e < to; e++) {
            int at = zAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(z, at), b = load(z, at + LANES);
            DoubleVector x = broadcast(values[v]);
            a = w0a.fma(x, a);
            b = w0b.fma(x, b);
            x = broadcast(values[v + 1]);
            a = w1a.fma(x, a);
            b = w1b.fma(x, b);
            x = broadcast(values[v + 2]);
            a = w2a.fma(x, a);
            b = w2b.fma(x, b);
            x = broadcast(values[v + 3]);
            a = w3a.fma(x, a);
            b = w3b.fma(x, b);
            a.intoArray(z, at);
            b.intoArray(z, at + LANES);
        }
    }

    /** As {@link #forwardTwoVectors}, one vector of units. */
    private void forwardOneVector(Block block, int g, double[] w1t, int t, double[] z, int zAt) {
        int from = block.groupStart[g];
        int to = block.groupStart[g + 1];
        if (from == to) {
            return;
        }
        int w = GROUP * g * padded + t;
        DoubleVector w0 = load(w1t, w), w1 = load(w1t, w + padded);
        DoubleVector w2 = load(w1t, w + 2 * padded), w3 = load(w1t, w + 3 * padded);
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = from; e < to; e++) {
            int at = zAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(z, at);
            a = w0.fma(broadcast(values[v]), a);
            a = w1.fma(broadcast(values[v + 1]), a);
            a = w2.fma(broadcast(values[v + 2]), a);
            a = w3.fma(broadcast(values[v + 3]), a);
            a.intoArray(z, at);
        }
    }

    /** dW1 of group {@code g}'s four pixels over its training rows, units {@code [t, t + 2·LANES)}. */
    private void backwardTwoVectors(Block block, int g, double[] dz, int dzAt, int t, double[] dw1t) {
        DoubleVector s0a = DoubleVector.zero(SPECIES), s0b = s0a, s1a = s0a, s1b = s0a;
        DoubleVector s2a = s0a, s2b = s0a, s3a = s0a, s3b = s0a;
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
            int at = dzAt + (rows[e] & 0xFFFF) * padded + t;
            int v = GROUP * e;
            DoubleVector a = load(dz, at), b = load(dz, at + LANES);
            DoubleVector x = broadcast(values[v]);
            s0a = a.fma(x, s0a);
            s0b = b.fma(x, s0b);
            x = broadcast(values[v + 1]);
            s1a = a.fma(x, s1a);
            s1b = b.fma(x, s1b);
            x = broadcast(values[v + 2]);
            s2a = a.fma(x, s2a);
            s2b = b.fma(x, s2b);
            x = broadcast(values[v + 3]);
            s3a = a.fma(x, s3a);
            s3b = b.fma(x, s3b);
        }
        int out = GROUP * g * padded + t;
        s0a.intoArray(dw1t, out);
        s0b.intoArray(dw1t, out + LANES);
        s1a.intoArray(dw1t, out + padded);
        s1b.intoArray(dw1t, out + padded + LANES);
        s2a.intoArray(dw1t, out + 2 * padded);
        s2b.intoArray(dw1t, out + 2 * padded + LANES);
        s3a.intoArray(dw1t, out + 3 * padded);
        s3b.intoArray(dw1t, out + 3 * padded + LANES);
    }

    /** As {@link #backwardTwoVectors}, one vector of units. */
    private void backwardOneVector(Block block, int g, double[] dz, int dzAt, int t, double[] dw1t) {
        DoubleVector s0 = DoubleVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        short[] rows = block.groupRow;
        byte[] values = block.groupValue;
        for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
            DoubleVector a = load(dz, dzAt + (rows[e] & 0xFFFF) * padded + t);
            int v = GROUP * e;
            s0 = a.fma(broadcast(values[v]), s0);
            s1 = a.fma(broadcast(values[v + 1]), s1);
            s2 = a.fma(broadcast(values[v + 2]), s2);
            s3 = a.fma(broadcast(values[v + 3]), s3);
        }
        int out = GROUP * g * padded + t;
        s0.intoArray(dw1t, out);
        s1.intoArray(dw1t, out + padded);
        s2.intoArray(dw1t, out + 2 * padded);
        s3.intoArray(dw1t, out + 3 * padded);
    }

    private static DoubleVector load(double[] a, int at) {
        return DoubleVector.fromArray(SPECIES, a, at);
    }

    /** Pixel values as doubles: a broadcast from memory is one load, a conversion from int is not. */
    private static final double[] PIXEL_VALUE = new double[256];

    static {
        for (int v = 0; v < PIXEL_VALUE.length; v++) {
            PIXEL_VALUE[v] = v;
        }
    }

    private static DoubleVector broadcast(byte pixel) {
        return DoubleVector.broadcast(SPECIES, PIXEL_VALUE[pixel & 0xFF]);
    }
}
