package digitnet.nn;

import digitnet.data.Block;
import digitnet.data.DigitCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread's forward + backward over the 10,000 bundled real digits (training rows, blocks of
 * 1,024 as in training), per hidden size and pixel-loop implementation: the kernel's share of an
 * iteration, without Spark; and the two pixel loops alone, where the arithmetic is (the rest of
 * a pass is the small dense layer, softmax and the gradient flush). Divide the score by 10 for
 * milliseconds per 1,000 rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xmx2g"})
public class KernelBench {
    private static final Path DIGITS = Path.of("data/mnist-10k.csv.gz");
    private static final int ROWS_PER_BLOCK = 1024;

    @Param({"10", "128"})
    int hidden;

    @Param({"VECTOR", "SCALAR"})
    SparseKernel.Loops loops;

    private List<Block> blocks;
    private Kernel.Pass pass;
    private BlockSums sums;
    private PixelLoops pixelLoops;
    private double[] w1t;
    private double[] z;
    private double[] dz;
    private double[] dw1t;

    @Setup
    public void setUp() throws IOException {
        blocks = readBlocks();
        Layout layout = new Layout(hidden);
        double[] w = digitnet.train.Init.UNIFORM.draw(layout, 0);
        pass = new SparseKernel(loops).begin(w, layout);
        sums = new BlockSums(layout);
        pixelLoops = loops == SparseKernel.Loops.SCALAR ? new ScalarPixelLoops(hidden) : new VectorPixelLoops(hidden);
        int padded = pixelLoops.paddedHidden();
        w1t = new double[Layout.PIXELS * padded];
        for (int i = 0; i < w1t.length; i++) {
            w1t[i] = w[i % w.length];
        }
        int maxRows = blocks.stream().mapToInt(Block::rows).max().orElse(0);
        z = new double[maxRows * padded + CacheLines.SLACK];
        dz = new double[maxRows * padded + CacheLines.SLACK];
        for (int i = 0; i < dz.length; i++) {
            dz[i] = w[i % w.length];
        }
        dw1t = new double[Layout.PIXELS * padded];
    }

    @Benchmark
    public BlockSums passOver10kRows() {
        for (Block block : blocks) {
            sums.clear();
            pass.accumulate(block, sums);
        }
        return sums;
    }

    /** Only the Z1 = W1·X loops of the pass above, every block. */
    @Benchmark
    public double[] forwardPixelLoopsOver10kRows() {
        for (Block block : blocks) {
            pixelLoops.forward(block, w1t, z, CacheLines.firstAligned(z));
        }
        return z;
    }

    /** Only the dW1 = dZ1·Xᵀ loops of the pass above, every block. */
    @Benchmark
    public double[] backwardPixelLoopsOver10kRows() {
        for (Block block : blocks) {
            pixelLoops.backward(block, dz, CacheLines.firstAligned(dz), dw1t);
        }
        return dw1t;
    }

    static List<Block> readBlocks() throws IOException {
        DigitCsv csv = DigitCsv.labelled();
        int[] fields = new int[1 + Layout.PIXELS];
        List<Block> blocks = new ArrayList<>();
        List<Byte> labels = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(DIGITS)), StandardCharsets.US_ASCII))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (csv.parse(line, fields) != null) {
                    throw new IOException(DIGITS + ": bad line");
                }
                byte[] row = new byte[Layout.PIXELS];
                for (int p = 0; p < Layout.PIXELS; p++) {
                    row[p] = (byte) fields[1 + p];
                }
                labels.add((byte) fields[0]);
                pixels.add(row);
                if (labels.size() == ROWS_PER_BLOCK) {
                    blocks.add(pack(labels, pixels));
                }
            }
        }
        if (!labels.isEmpty()) {
            blocks.add(pack(labels, pixels));
        }
        return blocks;
    }

    private static Block pack(List<Byte> labels, List<byte[]> pixels) {
        byte[] l = new byte[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        Block block = Block.pack(l.length, l, pixels.toArray(new byte[0][]));
        labels.clear();
        pixels.clear();
        return block;
    }
}
