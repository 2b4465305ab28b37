package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import digitnet.TestData;
import digitnet.data.Block;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Holds both pixel-loop implementations to the plain chains their contract names, bit for bit:
 * Z1 as one fused multiply-add chain from +0 over each row's non-zero pixels in pixel order, dW1
 * over each pixel's training rows in row order, straight from the compressed rows, with none of
 * the pixel groups and their zeros. Weights of both signs, and zeros (which give −0 products), so
 * that a zero pixel's multiply-add would show if it ever changed a chain.
 */
class PixelLoopsTest {

    private static Block block() {
        return TestData.block(300, 240, 17);
    }

    private static double[] values(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(4) == 0 ? 0.0 : random.nextDouble(-1, 1);
        }
        return v;
    }

    /** Z1 row by row over the compressed rows: the chain the contract names. */
    private static double[] plainForward(Block block, double[] w1t, int padded) {
        double[] z = new double[block.rows() * padded];
        for (int r = 0; r < block.rows(); r++) {
            for (int h = 0; h < padded; h++) {
                double sum = 0;
                for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
                    sum = Math.fma(w1t[block.pixelIndex[i] * padded + h], block.pixelValue[i] & 0xFF, sum);
                }
                z[r * padded + h] = sum;
            }
        }
        return z;
    }

    /** dW1 pixel by pixel over the training rows in row order, from the compressed rows. */
    private static double[] plainBackward(Block block, double[] dz, int padded) {
        double[] dw1t = new double[Layout.PIXELS * padded];
        for (int r = 0; r < block.trainRows; r++) {
            for (int i = block.rowStart[r]; i < block.rowStart[r + 1]; i++) {
                int p = block.pixelIndex[i];
                for (int h = 0; h < padded; h++) {
                    dw1t[p * padded + h] = Math.fma(dz[r * padded + h], block.pixelValue[i] & 0xFF, dw1t[p * padded + h]);
                }
            }
        }
        return dw1t;
    }

    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 10, 13, 20, 56, 128})
    void bothLoopsGiveThePlainChainsBitForBit(int hidden) {
        Block block = block();
        for (PixelLoops loops : new PixelLoops[] {new ScalarPixelLoops(hidden), new VectorPixelLoops(hidden)}) {
            int padded = loops.paddedHidden();
            double[] w1t = values(Layout.PIXELS * padded, hidden);
            double[] dz = values(block.rows() * padded, hidden + 1);
            // Dirty outputs: forward overwrites its rows, backward every entry.
            double[] z = values(block.rows() * padded + padded, 7);
            double[] dw1t = values(Layout.PIXELS * padded, 8);
            loops.forward(block, w1t, z, 0);
            loops.backward(block, dz, 0, dw1t);

            String name = loops.getClass().getSimpleName() + ", hidden " + hidden;
            double[] expectedZ = plainForward(block, w1t, padded);
            for (int i = 0; i < expectedZ.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expectedZ[i]), Double.doubleToRawLongBits(z[i]), name + ": Z1 entry " + i);
            }
            long[] expectedBits = java.util.Arrays.stream(plainBackward(block, dz, padded)).mapToLong(Double::doubleToRawLongBits).toArray();
            assertArrayEquals(expectedBits, java.util.Arrays.stream(dw1t).mapToLong(Double::doubleToRawLongBits).toArray(), name + ": dW1");

            // The same rows anywhere in the array: Z1 written from zAt, dZ1 read from dzAt.
            int at = 5;
            double[] zAt = values(at + block.rows() * padded + padded, 9);
            double[] dzAt = new double[at + dz.length];
            System.arraycopy(dz, 0, dzAt, at, dz.length);
            double[] dw1tAt = values(Layout.PIXELS * padded, 10);
            loops.forward(block, w1t, zAt, at);
            loops.backward(block, dzAt, at, dw1tAt);
            assertArrayEquals(java.util.Arrays.copyOf(z, block.rows() * padded),
                    java.util.Arrays.copyOfRange(zAt, at, at + block.rows() * padded), name + ": Z1 from an offset");
            assertArrayEquals(dw1t, dw1tAt, name + ": dW1 from an offset");
        }
    }

    @ParameterizedTest(name = "n {0}")
    @ValueSource(ints = {1, 10, 13, 20, 128})
    void axpysGiveTheBitsOfAxpyStepByStep(int n) {
        for (PixelLoops loops : new PixelLoops[] {new ScalarPixelLoops(n), new VectorPixelLoops(n)}) {
            int padded = loops.padded(n);
            int count = 11;
            int stride = padded + loops.padded(1);   // rows apart by more than their length
            double[] s = values(count, 1);
            double[] x = values(count * stride, 2);
            double[] expected = values(padded + 3, 3);
            double[] actual = expected.clone();
            for (int j = 0; j < count; j++) {
                loops.axpy(s[j], x, j * stride, expected, 3, padded);
            }
            loops.axpys(s, count, x, 0, stride, actual, 3, padded);
            assertArrayEquals(java.util.Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray(),
                    java.util.Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray(),
                    loops.getClass().getSimpleName() + ", n " + n);
        }
    }

    /** The lane-wise steps of the hidden layer, on values of both signs, zeros and −0. */
    @ParameterizedTest(name = "hidden {0}")
    @ValueSource(ints = {1, 10, 13, 20, 128})
    void hiddenLayerAndReluGradientGiveTheSameBitsAtEveryWidth(int hidden) {
        PixelLoops scalar = new ScalarPixelLoops(hidden);
        PixelLoops vector = new VectorPixelLoops(hidden);
        int padded = vector.paddedHidden();
        double[] z = values(2 * padded, 4);
        z[padded] = -0.0;
        double[] b1 = values(padded, 5);
        double[] dz = values(padded, 6);
        double[] db1 = values(padded, 7);
        double[][] out = new double[2][];
        PixelLoops[] both = {scalar, vector};
        for (int i = 0; i < 2; i++) {
            double[] zi = z.clone();
            double[] a1 = new double[padded];
            double[] dbi = db1.clone();
            // Scalar loops run over the units themselves, vector loops over the padded lanes too.
            int n = both[i] == scalar ? hidden : padded;
            both[i].hiddenLayer(zi, padded, b1, a1, n);
            both[i].reluGradient(zi, 0, dz, dbi, n);
            double[] units = new double[4 * hidden];
            System.arraycopy(zi, 0, units, 0, hidden);                  // dZ1 of the first row
            System.arraycopy(zi, padded, units, hidden, hidden);        // Z1 of the second
            System.arraycopy(a1, 0, units, 2 * hidden, hidden);
            System.arraycopy(dbi, 0, units, 3 * hidden, hidden);
            out[i] = units;
        }
        assertArrayEquals(java.util.Arrays.stream(out[0]).mapToLong(Double::doubleToRawLongBits).toArray(),
                java.util.Arrays.stream(out[1]).mapToLong(Double::doubleToRawLongBits).toArray(), "hidden " + hidden);
    }
}
