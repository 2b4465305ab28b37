package digitnet.nn;

import digitnet.data.Block;

/**
 * {@link PixelLoops} in plain Java, one hidden unit at a time: the fallback when the JVM runs
 * without {@code jdk.incubator.vector}. {@code Math.fma} rounds once, exactly as a vector
 * lane's fused multiply-add does, so the bits match {@link VectorPixelLoops}.
 */
final class ScalarPixelLoops implements PixelLoops {
    private final int hidden;

    ScalarPixelLoops(int hidden) {
        this.hidden = hidden;
    }

    @Override
    public int paddedHidden() {
        return hidden;
    }

    @Override
    public void forward(Block block, int r, double[] w1t, double[] z) {
        java.util.Arrays.fill(z, 0, hidden, 0.0);
        for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
            int base = block.pixelIndex[i] * hidden;
            double v = block.pixelValue[i] & 0xFF;
            for (int h = 0; h < hidden; h++) {
                z[h] = Math.fma(w1t[base + h], v, z[h]);
            }
        }
    }

    @Override
    public void backward(Block block, int r, double[] dz, double[] dw1t) {
        for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
            int base = block.pixelIndex[i] * hidden;
            double v = block.pixelValue[i] & 0xFF;
            for (int h = 0; h < hidden; h++) {
                dw1t[base + h] = Math.fma(dz[h], v, dw1t[base + h]);
            }
        }
    }
}
