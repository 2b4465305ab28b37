package digitnet.nn;

import static digitnet.data.Block.GROUP;
import static digitnet.data.Block.GROUPS;

import digitnet.data.Block;
import java.util.Arrays;

/**
 * {@link PixelLoops} in plain Java, one hidden unit at a time: the fallback when the JVM runs
 * without {@code jdk.incubator.vector}. {@code Math.fma} rounds once, exactly as a vector
 * lane's fused multiply-add does, and each unit's chain takes the same entries in the same
 * order, so the bits match {@link VectorPixelLoops}.
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
    public void axpys(double[] s, int count, double[] x, int xAt, int stride, double[] y, int yAt, int n) {
        for (int i = 0; i < n; i++) {
            double sum = y[yAt + i];
            for (int j = 0; j < count; j++) {
                sum = Math.fma(x[xAt + j * stride + i], s[j], sum);
            }
            y[yAt + i] = sum;
        }
    }

    @Override
    public void hiddenLayer(double[] z, int at, double[] b1, double[] a1, int n) {
        for (int i = 0; i < n; i++) {
            z[at + i] = z[at + i] / 255.0 + b1[i];
            a1[i] = Math.max(z[at + i], 0);
        }
    }

    @Override
    public void reluGradient(double[] z, int at, double[] dz, double[] db1, int n) {
        for (int i = 0; i < n; i++) {
            double s = z[at + i] > 0 ? dz[i] : 0;
            z[at + i] = s;
            db1[i] += s;
        }
    }

    /**
     * Group by group, each row's chains continue in {@code z} through the group's four pixels;
     * the innermost loop runs over units, whose chains are independent, so that one unit's
     * multiply-add need not wait for the one before.
     */
    @Override
    public void forward(Block block, double[] w1t, double[] z, int zAt) {
        Arrays.fill(z, zAt, zAt + block.rows() * hidden, 0.0);
        for (int g = 0; g < GROUPS; g++) {
            for (int e = block.groupStart[g]; e < block.groupStart[g + 1]; e++) {
                int at = zAt + (block.groupRow[e] & 0xFFFF) * hidden;
                for (int i = 0; i < GROUP; i++) {
                    int weights = (GROUP * g + i) * hidden;
                    double v = block.groupValue[GROUP * e + i] & 0xFF;
                    for (int h = 0; h < hidden; h++) {
                        z[at + h] = Math.fma(w1t[weights + h], v, z[at + h]);
                    }
                }
            }
        }
    }

    /** Group by group, the four pixels' chains over the group's training rows, units innermost. */
    @Override
    public void backward(Block block, double[] dz, int dzAt, double[] dw1t) {
        for (int g = 0; g < GROUPS; g++) {
            int out = GROUP * g * hidden;
            Arrays.fill(dw1t, out, out + GROUP * hidden, 0.0);
            for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
                int row = dzAt + (block.groupRow[e] & 0xFFFF) * hidden;
                for (int i = 0; i < GROUP; i++) {
                    int sums = out + i * hidden;
                    double v = block.groupValue[GROUP * e + i] & 0xFF;
                    for (int h = 0; h < hidden; h++) {
                        dw1t[sums + h] = Math.fma(dz[row + h], v, dw1t[sums + h]);
                    }
                }
            }
        }
    }
}
