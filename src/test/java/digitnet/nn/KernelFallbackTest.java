package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.data.Block;
import digitnet.train.Init;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (a driver run with plain
 * {@code java}) must still train, with the scalar loops, and get the same bits as this JVM's SIMD
 * loops: the reproducibility promise holds across executors with and without the module.
 */
class KernelFallbackTest {
    private static final int HIDDEN = 13;

    @Test
    void aJvmWithoutTheVectorModuleGetsTheSameBits() throws IOException, InterruptedException {
        assertTrue(PixelLoops.vectorAvailable(), "the tests run with the vector module");
        String expected = fingerprint(new SparseKernel(SparseKernel.Loops.VECTOR));

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM must finish");
        assertEquals(0, child.exitValue(), out);
        assertEquals("vector module: false; " + expected, out);
    }

    /** Bits of the gradient and losses of the default kernel over real digits. */
    static String fingerprint(Kernel kernel) {
        Layout layout = new Layout(HIDDEN);
        Block block = KernelAgreementTest.realDigits();
        BlockSums sums = KernelAgreementTest.run(kernel, layout, Init.UNIFORM.draw(layout, 5), block);
        long[] bits = Arrays.stream(sums.gradient).mapToLong(Double::doubleToRawLongBits).toArray();
        return "gradient " + Arrays.hashCode(bits) + ", train loss " + Double.doubleToRawLongBits(sums.trainLoss)
                + ", dev loss " + Double.doubleToRawLongBits(sums.devLoss);
    }

    /** The child JVM's side: which loops it can use, and what the default kernel computes. */
    public static final class Probe {
        public static void main(String[] args) {
            System.out.println("vector module: " + PixelLoops.vectorAvailable() + "; "
                    + fingerprint(new SparseKernel()));
        }
    }
}
