package digitnet.train;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * Gradient descent with momentum: a velocity that sums past gradients, each decayed by μ per
 * step, so steps grow along directions the gradient keeps pointing to and cancel across
 * directions where it oscillates. Written as PyTorch's SGD writes it:
 *
 * <pre>
 *   v := μ·v + dW
 *   W := W − α·v              (classical)
 *   W := W − α·(dW + μ·v)     (Nesterov: the step looks ahead along the new velocity)
 * </pre>
 */
public final class Momentum implements Optimizer {
    private final IntToDoubleFunction learningRate;
    private final double mu;
    private final boolean nesterov;
    private double[] velocity;

    /**
     * @param mu       the momentum μ, in [0, 1)
     * @param nesterov whether to take Nesterov's look-ahead step instead of the classical one
     */
    public Momentum(IntToDoubleFunction learningRate, double mu, boolean nesterov, int parameters) {
        this.learningRate = learningRate;
        this.mu = mu;
        this.nesterov = nesterov;
        this.velocity = new double[parameters];
    }

    @Override
    public <V extends Objective.Value> Optional<V> step(double[] w, V at, Objective<V> objective, int iteration) {
        double[] gradient = at.gradient();
        double alpha = learningRate.applyAsDouble(iteration);
        for (int i = 0; i < w.length; i++) {
            velocity[i] = mu * velocity[i] + gradient[i];
            w[i] -= alpha * (nesterov ? gradient[i] + mu * velocity[i] : velocity[i]);
        }
        return Optional.empty();
    }

    @Override
    public Map<String, double[]> state() {
        return Map.of("velocity", velocity);
    }

    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerState.requireKeys(state, Set.of("velocity"));
        velocity = OptimizerState.copy(state, "velocity", velocity.length);
    }
}
