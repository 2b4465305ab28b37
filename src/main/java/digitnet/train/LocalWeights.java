package digitnet.train;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A job's weights handed to its tasks by reference, for local mode, where the tasks run in the
 * driver's JVM. A task function carries only this handle's number, so nothing the size of the
 * model is serialized, compressed, stored as blocks or cleaned up after the job, as a broadcast
 * would be every iteration; the tasks read the very array the driver holds, and must not change it.
 */
final class LocalWeights implements TaskWeights {
    private static final long serialVersionUID = 1L;
    private static final Map<Long, double[]> HELD = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private final long id;

    private LocalWeights(long id) {
        this.id = id;
    }

    static LocalWeights hold(double[] weights) {
        LocalWeights handle = new LocalWeights(NEXT.incrementAndGet());
        HELD.put(handle.id, weights);
        return handle;
    }

    @Override
    public double[] value() {
        double[] weights = HELD.get(id);
        if (weights == null) {
            throw new IllegalStateException("the weights of local job " + id
                    + " are gone: its task outlived the job, or runs in another JVM than the driver");
        }
        return weights;
    }

    @Override
    public void close() {
        HELD.remove(id);
    }
}
