package digitnet.nn;

import digitnet.data.Block;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * {@link KernelBench}'s three measurements timed in thread CPU time rather than wall time: on a
 * machine shared with other work, wall time counts the time other processes held the core, CPU
 * time does not. Best of the last three quarters of {@code REPEATS} passes over the 10,000 bundled
 * digits, one thread. Also the rate of the pixel loops' useful arithmetic, in billions of non-zero
 * pixel × hidden unit multiply-adds a second, beside the core's peak a GHz (two vector FMAs a
 * cycle).
 *
 * <pre>KernelCpuTime HIDDEN VECTOR|SCALAR [REPEATS]</pre>
 */
public final class KernelCpuTime {

    public static void main(String[] args) throws Exception {
        int hidden = Integer.parseInt(args[0]);
        SparseKernel.Loops loops = SparseKernel.Loops.valueOf(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        KernelBench bench = new KernelBench();
        bench.hidden = hidden;
        bench.loops = loops;
        bench.setUp();
        List<Block> blocks = KernelBench.readBlocks();
        long rows = blocks.stream().mapToLong(Block::rows).sum();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double forward = Double.MAX_VALUE;
        double backward = Double.MAX_VALUE;
        double pass = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            bench.forwardPixelLoopsOver10kRows();
            long t1 = threads.getCurrentThreadCpuTime();
            bench.backwardPixelLoopsOver10kRows();
            long t2 = threads.getCurrentThreadCpuTime();
            bench.passOver10kRows();
            long t3 = threads.getCurrentThreadCpuTime();
            if (i >= repeats / 4) {
                forward = Math.min(forward, (t1 - t0) / 1e6);
                backward = Math.min(backward, (t2 - t1) / 1e6);
                pass = Math.min(pass, (t3 - t2) / 1e6);
            }
        }
        // The arithmetic the pixel loops must do: a multiply-add per non-zero pixel and hidden unit,
        // forward over every row, backward over the training rows (all of them here).
        long nonZero = blocks.stream().mapToLong(b -> b.rowStart[b.rows()]).sum();
        double multiplyAdds = 2.0 * nonZero * hidden;
        int lanes = jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.length();
        System.out.printf("kernel hidden=%d loops=%s rows=%d forward_loops_ms=%.2f backward_loops_ms=%.2f"
                        + " whole_pass_ms=%.2f rest_of_pass_ms=%.2f vector_lanes=%d"
                        + " pixel_loops_gmadds_per_s=%.2f whole_pass_gmadds_per_s=%.2f peak_gmadds_per_s_per_ghz=%d%n",
                hidden, loops, rows, forward, backward, pass, pass - forward - backward, lanes,
                multiplyAdds / ((forward + backward) * 1e6), multiplyAdds / (pass * 1e6), 2 * lanes);
    }

    private KernelCpuTime() {}
}
