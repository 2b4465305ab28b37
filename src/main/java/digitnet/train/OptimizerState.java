package digitnet.train;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks for {@link Optimizer#restore}: a saved state must have exactly the expected arrays. */
final class OptimizerState {
    private OptimizerState() {}

    /** Throws unless {@code state} holds exactly the keys {@code expected}. */
    static void requireKeys(Map<String, double[]> state, Set<String> expected) {
        if (!state.keySet().equals(expected)) {
            throw new IllegalArgumentException("the optimizer's state should hold " + new TreeSet<>(expected)
                    + " but holds " + new TreeSet<>(state.keySet()));
        }
    }

    /** A copy of {@code state.get(key)}, which must have {@code length} values. */
    static double[] copy(Map<String, double[]> state, String key, int length) {
        double[] values = state.get(key);
        if (values.length != length) {
            throw new IllegalArgumentException("the optimizer's state '" + key + "' has " + values.length
                    + " values, but the network has " + length + " weights");
        }
        return values.clone();
    }
}
