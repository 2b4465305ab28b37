package digitnet.nn;

import digitnet.data.Block;
import java.util.Arrays;

/**
 * {@link PixelLoops} in plain Java, one hidden unit at a time: the fallback when the JVM runs
 * without {@code jdk.incubator.vector}. {@code Math.fma} rounds once, exactly as a vector
 * lane's fused multiply-add does, and each unit's {@link PixelLoops#STREAMS} partial sums take
 * the same entries and are combined the same way, so the bits match {@link VectorPixelLoops}.
 */
final class ScalarPixelLoops implements PixelLoops {
    private final int hidden;
    private final double[] partial;   // STREAMS partial sums a unit: partial[stream·hidden + h]

    ScalarPixelLoops(int hidden) {
        this.hidden = hidden;
        this.partial = new double[STREAMS * hidden];
    }

    @Override
    public int paddedHidden() {
        return hidden;
    }

    @Override
    public int padded(int n) {
        return n;
    }

    @Override
    public void axpy(double s, double[] x, int xAt, double[] y, int yAt, int n) {
        for (int i = 0; i < n; i++) {
            y[yAt + i] = Math.fma(x[xAt + i], s, y[yAt + i]);
        }
    }

    @Override
    public void forward(Block block, double[] w1t, double[] z) {
        for (int r = 0; r < block.rows(); r++) {
            sum(block.pixelIndex, block.pixelValue, block.rowStart[r], block.rowStart[r + 1], w1t, z, r * hidden);
        }
    }

    @Override
    public void backward(Block block, double[] dz, double[] dw1t) {
        for (int p = 0; p < Layout.PIXELS; p++) {
            sum(block.columnRow, block.columnValue, block.columnStart[p], block.columnStart[p + 1], dz, dw1t, p * hidden);
        }
    }

    /** {@code out[at + h] = Σ value[e]·source[key[e]·hidden + h]} for e in [from, to), by streams. */
    private void sum(short[] key, byte[] value, int from, int to, double[] source, double[] out, int at) {
        Arrays.fill(partial, 0.0);
        for (int e = from; e < to; e++) {
            int s = (key[e] & 0xFFFF) * hidden;
            int stream = ((e - from) % STREAMS) * hidden;
            double v = value[e] & 0xFF;
            for (int h = 0; h < hidden; h++) {
                partial[stream + h] = Math.fma(source[s + h], v, partial[stream + h]);
            }
        }
        for (int h = 0; h < hidden; h++) {
            out[at + h] = (partial[h] + partial[hidden + h]) + (partial[2 * hidden + h] + partial[3 * hidden + h]);
        }
    }
}
