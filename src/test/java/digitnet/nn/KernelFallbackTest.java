package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.data.Block;
import digitnet.train.Init;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules=jdk.incubator.vector} (a driver run with plain
 * {@code java}) must still train, with the scalar loops, and get the same bits as this JVM's SIMD
 * loops; and a JVM whose vectors are half as wide (AVX2's 4 doubles beside AVX-512's 8) must
 * get the same bits too: the reproducibility promise holds across executors with and without the module
 * and across machines. Each hidden size tiles differently at each width: hidden 13 is one
 * two-vector tile of 8 lanes, 3+1 vectors of 4, 3+3+1 of 2; hidden 20 is 2+1 vectors of 8 lanes,
 * 3+2 of 4, 3+3+3+1 of 2; hidden 56 is 4+2+1 vectors of 8 lanes, 3+3+3+3+2 of 4.
 */
class KernelFallbackTest {
    private static final int[] HIDDEN = {13, 20, 56};

    @Test
    void aJvmWithoutTheVectorModuleGetsTheSameBits() throws IOException, InterruptedException {
        assertTrue(PixelLoops.vectorAvailable(), "the tests run with the vector module");
        assertEquals("vector module: false; " + fingerprint(new SparseKernel(SparseKernel.Loops.VECTOR)),
                child());
    }

    @Test
    void aJvmWithNarrowerVectorsGetsTheSameBits() throws IOException, InterruptedException {
        int lanes = Lanes.count();
        assertTrue(lanes >= 4, "this machine's vectors hold " + lanes + " doubles");
        // Half this JVM's width: 4 lanes (AVX2) beside AVX-512's 8, or 2 (SSE) beside AVX2's 4.
        assertEquals("vector module: true, " + lanes / 2 + " lanes; " + fingerprint(new SparseKernel(SparseKernel.Loops.VECTOR)),
                child("--add-modules=jdk.incubator.vector", "-XX:MaxVectorSize=" + lanes / 2 * Double.BYTES));
    }

    /** What {@link Probe} prints in a child JVM started with {@code options}. */
    private static String child(String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM must finish");
        assertEquals(0, child.exitValue(), out);
        return out.lines().filter(line -> line.startsWith("vector module")).findFirst().orElse(out);
    }

    /** Bits of the gradients and losses of a kernel over real digits, at each hidden size. */
    static String fingerprint(Kernel kernel) {
        StringBuilder bits = new StringBuilder();
        for (int hidden : HIDDEN) {
            bits.append(hidden == HIDDEN[0] ? "" : "; ").append("hidden ").append(hidden).append(": ")
                    .append(fingerprint(kernel, hidden));
        }
        return bits.toString();
    }

    private static String fingerprint(Kernel kernel, int hidden) {
        Layout layout = new Layout(hidden);
        Block block = KernelAgreementTest.realDigits();
        BlockSums sums = KernelAgreementTest.run(kernel, layout, Init.UNIFORM.draw(layout, 5), block);
        long[] bits = Arrays.stream(sums.gradient).mapToLong(Double::doubleToRawLongBits).toArray();
        return "gradient " + Arrays.hashCode(bits) + ", train loss " + Double.doubleToRawLongBits(sums.trainLoss)
                + ", dev loss " + Double.doubleToRawLongBits(sums.devLoss);
    }

    /** The child JVM's side: which loops it can use, and what the default kernel computes. */
    public static final class Probe {
        public static void main(String[] args) {
            boolean vector = PixelLoops.vectorAvailable();
            System.out.println("vector module: " + vector + (vector ? ", " + Lanes.count() + " lanes" : "") + "; "
                    + fingerprint(new SparseKernel()));
        }
    }

    /** Touches the Vector API only when asked, so that a JVM without the module can load the probe. */
    private static final class Lanes {
        static int count() {
            return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        }
    }
}
