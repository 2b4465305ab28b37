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

    /** Group by group, each row's chains continue in {@code z} through the group's four pixels. */
    @Override
    public void forward(Block block, double[] w1t, double[] z) {
        Arrays.fill(z, 0, block.rows() * hidden, 0.0);
        for (int g = 0; g < GROUPS; g++) {
            int weights = GROUP * g * hidden;
            for (int e = block.groupStart[g]; e < block.groupStart[g + 1]; e++) {
                int at = (block.groupRow[e] & 0xFFFF) * hidden;
                for (int h = 0; h < hidden; h++) {
                    double sum = z[at + h];
                    for (int i = 0; i < GROUP; i++) {
                        sum = Math.fma(w1t[weights + i * hidden + h], block.groupValue[GROUP * e + i] & 0xFF, sum);
                    }
                    z[at + h] = sum;
                }
            }
        }
    }

    /** Group by group, each of the group's four pixels' chains over the group's training rows. */
    @Override
    public void backward(Block block, double[] dz, double[] dw1t) {
        for (int g = 0; g < GROUPS; g++) {
            for (int i = 0; i < GROUP; i++) {
                int out = (GROUP * g + i) * hidden;
                for (int h = 0; h < hidden; h++) {
                    double sum = 0;
                    for (int e = block.groupStart[g]; e < block.groupTrainEnd[g]; e++) {
                        sum = Math.fma(dz[(block.groupRow[e] & 0xFFFF) * hidden + h], block.groupValue[GROUP * e + i] & 0xFF, sum);
                    }
                    dw1t[out + h] = sum;
                }
            }
        }
    }
}
