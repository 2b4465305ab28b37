package digitnet.nn;

import digitnet.data.Block;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelLoops} with SIMD: the hidden units are cut into tiles of four vectors (16 units on
 * AVX2), and a tile's four accumulators stay in registers while the row's pixels stream past.
 * Four independent fused multiply-add chains per pixel hide the FMA latency; one pixel value
 * broadcast serves the whole tile.
 *
 * <p>Hidden units are padded to whole tiles. Each lane is one hidden unit's own sum, so the
 * vector width changes the speed, never the bits.
 */
final class VectorPixelLoops implements PixelLoops {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int TILE = 4 * LANES;

    private final int padded;

    VectorPixelLoops(int hidden) {
        this.padded = (hidden + TILE - 1) / TILE * TILE;
    }

    @Override
    public int paddedHidden() {
        return padded;
    }

    @Override
    public void forward(Block block, int r, double[] w1t, double[] z) {
        int from = block.rowStart[r];
        int to = block.rowStart[r + 1];
        for (int t = 0; t < padded; t += TILE) {
            DoubleVector z0 = DoubleVector.zero(SPECIES);
            DoubleVector z1 = DoubleVector.zero(SPECIES);
            DoubleVector z2 = DoubleVector.zero(SPECIES);
            DoubleVector z3 = DoubleVector.zero(SPECIES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = DoubleVector.broadcast(SPECIES, (double) (block.pixelValue[i] & 0xFF));
                z0 = DoubleVector.fromArray(SPECIES, w1t, w).fma(v, z0);
                z1 = DoubleVector.fromArray(SPECIES, w1t, w + LANES).fma(v, z1);
                z2 = DoubleVector.fromArray(SPECIES, w1t, w + 2 * LANES).fma(v, z2);
                z3 = DoubleVector.fromArray(SPECIES, w1t, w + 3 * LANES).fma(v, z3);
            }
            z0.intoArray(z, t);
            z1.intoArray(z, t + LANES);
            z2.intoArray(z, t + 2 * LANES);
            z3.intoArray(z, t + 3 * LANES);
        }
    }

    @Override
    public void backward(Block block, int r, double[] dz, double[] dw1t) {
        int from = block.rowStart[r];
        int to = block.rowStart[r + 1];
        for (int t = 0; t < padded; t += TILE) {
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, dz, t);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, dz, t + LANES);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, dz, t + 2 * LANES);
            DoubleVector d3 = DoubleVector.fromArray(SPECIES, dz, t + 3 * LANES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = DoubleVector.broadcast(SPECIES, (double) (block.pixelValue[i] & 0xFF));
                d0.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w)).intoArray(dw1t, w);
                d1.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + LANES)).intoArray(dw1t, w + LANES);
                d2.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + 2 * LANES)).intoArray(dw1t, w + 2 * LANES);
                d3.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + 3 * LANES)).intoArray(dw1t, w + 3 * LANES);
            }
        }
    }
}
