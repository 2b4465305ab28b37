package digitnet.train;

import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A gradient job's weights as its tasks read them ({@link #value}), open while the job runs
 * ({@code try}-with-resources around it): a broadcast on a cluster, the driver's own array in
 * local mode ({@link LocalWeights}).
 */
interface TaskWeights extends Serializable, AutoCloseable {

    double[] value();

    @Override
    void close();

    /**
     * By reference where the tasks run in this JVM: no iteration then serializes, stores and
     * destroys a broadcast. Iterations 451-500 of a run took 19-21 ms against 22.5-23.5 with the
     * broadcast (medians, three runs each alternating, hidden 10, local[2], idle 2-core AMD EPYC
     * Zen 4, 2026-12-07; docs/benchmarks.md, Warm-up).
     */
    static TaskWeights of(JavaSparkContext sc, double[] weights) {
        return sc.isLocal() ? LocalWeights.hold(weights) : new Broadcasted(sc.broadcast(weights));
    }

    /** The weights broadcast to the executors. */
    record Broadcasted(Broadcast<double[]> broadcast) implements TaskWeights {
        @Override
        public double[] value() {
            return broadcast.value();
        }

        @Override
        public void close() {
            // Non-blocking: a blocking destroy added about 15 ms to an iteration, an asynchronous
            // one nothing measurable (local[2], idle 2-core AMD EPYC Zen 5, Spark 4.2.0, 2026-12-01).
            broadcast.destroy();
        }
    }
}
