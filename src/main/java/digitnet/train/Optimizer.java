package digitnet.train;

import java.util.Map;
import java.util.Optional;

/**
 * The update on the driver: the only part of an iteration that differs between optimizers.
 * The gradient job is the same for all of them.
 *
 * <p>An optimizer's memory between steps (velocities, moment estimates, curvature pairs) is
 * plain {@code double[]} arrays, exported by {@link #state()} and put back by
 * {@link #restore(Map)}, so a checkpoint can save it beside the weights and a resumed run
 * continues with the same bits as an uninterrupted one.
 */
public interface Optimizer {
    /**
     * Updates the weights {@code w} in place from {@code at}, the objective's value at {@code w}
     * in iteration {@code iteration} (counted from 0). An optimizer that evaluates the objective
     * itself (L-BFGS's line search) does so through {@code objective}.
     *
     * @return the objective's value at the updated {@code w} when the step already knows it
     *     (the line search's accepted point, or {@code at} when the weights stayed), so the loop
     *     need not evaluate it again; empty otherwise
     */
    <V extends Objective.Value> Optional<V> step(double[] w, V at, Objective<V> objective, int iteration);

    /**
     * The state the next step depends on, besides the weights and the iteration number, keyed
     * by names made of lower-case letters, digits and underscores (usable as {@code .npz}
     * entry names). The arrays are the optimizer's own: copy them before the next step if they
     * must outlive it. Empty for an optimizer without memory.
     */
    default Map<String, double[]> state() {
        return Map.of();
    }

    /**
     * Replaces the state with one that {@link #state()} of an optimizer built with the same
     * settings returned (the arrays are copied).
     *
     * @throws IllegalArgumentException when a key is missing or unknown or an array has the
     *     wrong length; the message says which
     */
    default void restore(Map<String, double[]> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException("this optimizer keeps no state, but the saved state has "
                    + state.keySet());
        }
    }
}
