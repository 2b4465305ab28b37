package digitnet.nn;

import digitnet.data.Block;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelLoops} with SIMD in the machine's preferred width (8 doubles with AVX-512, 4 with
 * AVX2), register-blocked over hidden units: the units, padded to whole vectors, are cut into
 * tiles of two vectors (and one of one vector when their number is odd). A tile's sums stay in
 * registers while the pixels stream past, forward over one row's pixels, backward over one
 * pixel's rows, and are stored once at the end; a block is done a tile at a time, so that the
 * weights or gradients the tile reads stay in cache.
 *
 * <p>A fused multiply-add takes 4 cycles before its result can feed the next one, and a core
 * starts two a cycle, so one chain of sums a lane would leave the units idle seven cycles in
 * eight. Each lane's sum is therefore split into {@link PixelLoops#STREAMS} interleaved partial
 * sums, combined at the end: eight independent chains for a two-vector tile. The split is by
 * position in the stream, not by vector, so every width gives the same bits.
 */
final class VectorPixelLoops implements PixelLoops {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

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

    @Override
    public int paddedHidden() {
        return padded;
    }

    @Override
    public void forward(Block block, double[] w1t, double[] z) {
        int[] start = block.rowStart;
        int rows = block.rows();
        int t = 0;
        for (; t + 2 * LANES <= padded; t += 2 * LANES) {
            for (int r = 0; r < rows; r++) {
                twoVectors(block.pixelIndex, block.pixelValue, start[r], start[r + 1], w1t, t, z, r * padded + t);
            }
        }
        if (t < padded) {
            for (int r = 0; r < rows; r++) {
                oneVector(block.pixelIndex, block.pixelValue, start[r], start[r + 1], w1t, t, z, r * padded + t);
            }
        }
    }

    @Override
    public void backward(Block block, double[] dz, double[] dw1t) {
        int[] start = block.columnStart;
        int t = 0;
        for (; t + 2 * LANES <= padded; t += 2 * LANES) {
            for (int p = 0; p < Layout.PIXELS; p++) {
                twoVectors(block.columnRow, block.columnValue, start[p], start[p + 1], dz, t, dw1t, p * padded + t);
            }
        }
        if (t < padded) {
            for (int p = 0; p < Layout.PIXELS; p++) {
                oneVector(block.columnRow, block.columnValue, start[p], start[p + 1], dz, t, dw1t, p * padded + t);
            }
        }
    }

    /**
     * {@code out[at ..] = Σ value[e]·source[key[e]·padded + t ..]} for e in [from, to), two
     * vectors of units, as {@link PixelLoops#STREAMS} partial sums each.
     */
    private void twoVectors(short[] key, byte[] value, int from, int to, double[] source, int t,
            double[] out, int at) {
        DoubleVector a0 = DoubleVector.zero(SPECIES), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        int e = from;
        for (; e + 4 <= to; e += 4) {
            int s = (key[e] & 0xFFFF) * padded + t;
            DoubleVector v = broadcast(value[e]);
            a0 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a0);
            b0 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b0);
            s = (key[e + 1] & 0xFFFF) * padded + t;
            v = broadcast(value[e + 1]);
            a1 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a1);
            b1 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b1);
            s = (key[e + 2] & 0xFFFF) * padded + t;
            v = broadcast(value[e + 2]);
            a2 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a2);
            b2 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b2);
            s = (key[e + 3] & 0xFFFF) * padded + t;
            v = broadcast(value[e + 3]);
            a3 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a3);
            b3 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b3);
        }
        // The last 0-3 entries, each to the stream its position gives.
        if (e < to) {
            int s = (key[e] & 0xFFFF) * padded + t;
            DoubleVector v = broadcast(value[e]);
            a0 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a0);
            b0 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b0);
        }
        if (e + 1 < to) {
            int s = (key[e + 1] & 0xFFFF) * padded + t;
            DoubleVector v = broadcast(value[e + 1]);
            a1 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a1);
            b1 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b1);
        }
        if (e + 2 < to) {
            int s = (key[e + 2] & 0xFFFF) * padded + t;
            DoubleVector v = broadcast(value[e + 2]);
            a2 = DoubleVector.fromArray(SPECIES, source, s).fma(v, a2);
            b2 = DoubleVector.fromArray(SPECIES, source, s + LANES).fma(v, b2);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(out, at);
        b0.add(b1).add(b2.add(b3)).intoArray(out, at + LANES);
    }

    /** As {@link #twoVectors}, one vector of units. */
    private void oneVector(short[] key, byte[] value, int from, int to, double[] source, int t,
            double[] out, int at) {
        DoubleVector a0 = DoubleVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
        int e = from;
        for (; e + 4 <= to; e += 4) {
            a0 = DoubleVector.fromArray(SPECIES, source, (key[e] & 0xFFFF) * padded + t).fma(broadcast(value[e]), a0);
            a1 = DoubleVector.fromArray(SPECIES, source, (key[e + 1] & 0xFFFF) * padded + t).fma(broadcast(value[e + 1]), a1);
            a2 = DoubleVector.fromArray(SPECIES, source, (key[e + 2] & 0xFFFF) * padded + t).fma(broadcast(value[e + 2]), a2);
            a3 = DoubleVector.fromArray(SPECIES, source, (key[e + 3] & 0xFFFF) * padded + t).fma(broadcast(value[e + 3]), a3);
        }
        if (e < to) {
            a0 = DoubleVector.fromArray(SPECIES, source, (key[e] & 0xFFFF) * padded + t).fma(broadcast(value[e]), a0);
        }
        if (e + 1 < to) {
            a1 = DoubleVector.fromArray(SPECIES, source, (key[e + 1] & 0xFFFF) * padded + t).fma(broadcast(value[e + 1]), a1);
        }
        if (e + 2 < to) {
            a2 = DoubleVector.fromArray(SPECIES, source, (key[e + 2] & 0xFFFF) * padded + t).fma(broadcast(value[e + 2]), a2);
        }
        a0.add(a1).add(a2.add(a3)).intoArray(out, at);
    }

    private static DoubleVector broadcast(byte pixel) {
        return DoubleVector.broadcast(SPECIES, (double) (pixel & 0xFF));
    }
}
