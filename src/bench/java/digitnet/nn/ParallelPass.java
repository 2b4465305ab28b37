package digitnet.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * Does a second thread pay outside Spark? Runs {@link KernelBench}'s whole pass (or one of its
 * pixel loops) over the 10,000 bundled digits in 1 and then in 2 threads at once, each thread
 * with its own copy of the blocks and its own pass, as two Spark tasks have, and prints each
 * count's throughput and the ratio. A control runs a loop of register-only FMAs the same way: it
 * touches no memory, so it gains ×2 on two physical cores and ×1 on two hardware threads of one
 * core (SMT siblings, as some cloud machines' two vCPUs are).
 *
 * <pre>ParallelPass HIDDEN [SECONDS] [pass|forward|backward]</pre>
 */
public final class ParallelPass {

    public static void main(String[] args) throws Exception {
        int hidden = Integer.parseInt(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        String what = args.length > 2 ? args[2] : "pass";
        double control1 = rate(1, seconds, () -> fmaChains(1 << 24));
        double control2 = rate(2, seconds, () -> fmaChains(1 << 24));
        System.out.printf("register-only FMA loop: 1 thread %.1f/s, 2 threads %.1f/s, gain x%.2f%n",
                control1, control2, control2 / control1);
        double one = rate(1, seconds, work(hidden, what));
        double two = rate(2, seconds, work(hidden, what));
        System.out.printf("kernel %s hidden=%d over 10,000 digits: 1 thread %.1f/s, 2 threads %.1f/s, gain x%.2f%n",
                what, hidden, one, two, two / one);
    }

    /** A factory of per-thread work: each thread gets its own blocks and pass. */
    private static ThreadWork work(int hidden, String what) {
        return () -> {
            KernelBench bench = new KernelBench();
            bench.hidden = hidden;
            bench.loops = SparseKernel.Loops.VECTOR;
            bench.setUp();
            return switch (what) {
                case "forward" -> bench::forwardPixelLoopsOver10kRows;
                case "backward" -> bench::backwardPixelLoopsOver10kRows;
                default -> bench::passOver10kRows;
            };
        };
    }

    interface ThreadWork {
        Runnable make() throws Exception;
    }

    private static volatile double sink;

    /** Eight independent chains of FMAs in registers: no loads, no stores. */
    private static Runnable fmaChains(int steps) {
        return () -> {
            double a = 1, b = 1.1, c = 1.2, d = 1.3, e = 1.4, f = 1.5, g = 1.6, h = 1.7;
            double m = 0.999999, x = 1e-7;
            for (int i = 0; i < steps; i++) {
                a = Math.fma(a, m, x); b = Math.fma(b, m, x); c = Math.fma(c, m, x); d = Math.fma(d, m, x);
                e = Math.fma(e, m, x); f = Math.fma(f, m, x); g = Math.fma(g, m, x); h = Math.fma(h, m, x);
            }
            sink = a + b + c + d + e + f + g + h;
        };
    }

    /** Runs of {@code work} completed per second by {@code threads} threads together, after a warm-up. */
    private static double rate(int threads, double seconds, ThreadWork work) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        long[] done = new long[threads];
        long[] nanos = new long[threads];
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Runnable run = work.make();
            Thread thread = new Thread(() -> {
                try {
                    long warm = System.nanoTime() + 1_000_000_000L;
                    while (System.nanoTime() < warm) {
                        run.run();
                    }
                    start.await();
                    long t0 = System.nanoTime();
                    long end = t0 + (long) (seconds * 1e9);
                    long n = 0;
                    while (System.nanoTime() < end) {
                        run.run();
                        n++;
                    }
                    done[id] = n;
                    nanos[id] = System.nanoTime() - t0;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.await();
        for (Thread thread : started) {
            thread.join();
        }
        double total = 0;
        for (int t = 0; t < threads; t++) {
            total += done[t] / (nanos[t] / 1e9);
        }
        return total;
    }

    private ParallelPass() {}
}
