package digitnet.nn;

import digitnet.data.Block;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelLoops} with SIMD, register-blocked over hidden units: the units are cut into tiles
 * of four vectors (16 units on AVX2), the last one three vectors wide when that pads less (H=10
 * becomes 12, not 16). A tile's accumulators stay in registers while the row's pixels stream past:
 * one broadcast pixel value and three or four independent fused multiply-add chains per pixel.
 *
 * <p>Each lane is one hidden unit's own sum in pixel order, so the vector width changes the
 * speed, never the bits.
 */
final class VectorPixelLoops implements PixelLoops {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private final int padded;
    private final int wideTiles;      // tiles of four vectors; one three-vector tile follows when narrowTile
    private final boolean narrowTile;

    VectorPixelLoops(int hidden) {
        int vectors = (hidden + LANES - 1) / LANES;
        wideTiles = vectors / 4;
        narrowTile = vectors % 4 != 0;
        padded = (wideTiles * 4 + (narrowTile ? 3 : 0)) * LANES;
    }

    @Override
    public int paddedHidden() {
        return padded;
    }

    @Override
    public void forward(Block block, int r, double[] w1t, double[] z) {
        int from = block.rowStart[r];
        int to = block.rowStart[r + 1];
        int t = 0;
        for (int tile = 0; tile < wideTiles; tile++, t += 4 * LANES) {
            DoubleVector z0 = DoubleVector.zero(SPECIES);
            DoubleVector z1 = DoubleVector.zero(SPECIES);
            DoubleVector z2 = DoubleVector.zero(SPECIES);
            DoubleVector z3 = DoubleVector.zero(SPECIES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = pixel(block, i);
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
        if (narrowTile) {
            DoubleVector z0 = DoubleVector.zero(SPECIES);
            DoubleVector z1 = DoubleVector.zero(SPECIES);
            DoubleVector z2 = DoubleVector.zero(SPECIES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = pixel(block, i);
                z0 = DoubleVector.fromArray(SPECIES, w1t, w).fma(v, z0);
                z1 = DoubleVector.fromArray(SPECIES, w1t, w + LANES).fma(v, z1);
                z2 = DoubleVector.fromArray(SPECIES, w1t, w + 2 * LANES).fma(v, z2);
            }
            z0.intoArray(z, t);
            z1.intoArray(z, t + LANES);
            z2.intoArray(z, t + 2 * LANES);
        }
    }

    @Override
    public void backward(Block block, int r, double[] dz, double[] dw1t) {
        int from = block.rowStart[r];
        int to = block.rowStart[r + 1];
        int t = 0;
        for (int tile = 0; tile < wideTiles; tile++, t += 4 * LANES) {
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, dz, t);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, dz, t + LANES);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, dz, t + 2 * LANES);
            DoubleVector d3 = DoubleVector.fromArray(SPECIES, dz, t + 3 * LANES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = pixel(block, i);
                d0.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w)).intoArray(dw1t, w);
                d1.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + LANES)).intoArray(dw1t, w + LANES);
                d2.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + 2 * LANES)).intoArray(dw1t, w + 2 * LANES);
                d3.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + 3 * LANES)).intoArray(dw1t, w + 3 * LANES);
            }
        }
        if (narrowTile) {
            DoubleVector d0 = DoubleVector.fromArray(SPECIES, dz, t);
            DoubleVector d1 = DoubleVector.fromArray(SPECIES, dz, t + LANES);
            DoubleVector d2 = DoubleVector.fromArray(SPECIES, dz, t + 2 * LANES);
            for (int i = from; i < to; i++) {
                int w = block.pixelIndex[i] * padded + t;
                DoubleVector v = pixel(block, i);
                d0.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w)).intoArray(dw1t, w);
                d1.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + LANES)).intoArray(dw1t, w + LANES);
                d2.fma(v, DoubleVector.fromArray(SPECIES, dw1t, w + 2 * LANES)).intoArray(dw1t, w + 2 * LANES);
            }
        }
    }

    private static DoubleVector pixel(Block block, int i) {
        return DoubleVector.broadcast(SPECIES, (double) (block.pixelValue[i] & 0xFF));
    }
}
