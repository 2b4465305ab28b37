package digitnet.train;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * Adam (Kingma and Ba, 2015): a step per weight scaled by running estimates of the gradient's
 * mean m and uncentred variance v, each bias-corrected for starting at zero:
 *
 * <pre>
 *   m := β1·m + (1 − β1)·dW          m̂ = m / (1 − β1^t)
 *   v := β2·v + (1 − β2)·dW²         v̂ = v / (1 − β2^t)
 *   W := W − α·m̂ / (√v̂ + ε)          t = iteration + 1
 * </pre>
 *
 * <p>Each weight's step is about α whatever its gradient's scale, which is why one α suits
 * W1 (784 small pixel inputs a unit) and W2 alike where plain gradient descent needs care.
 */
public final class Adam implements Optimizer {
    private final IntToDoubleFunction learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private double[] m;
    private double[] v;

    public Adam(IntToDoubleFunction learningRate, double beta1, double beta2, double epsilon, int parameters) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.m = new double[parameters];
        this.v = new double[parameters];
    }

    @Override
    public <V extends Objective.Value> Optional<V> step(double[] w, V at, Objective<V> objective, int iteration) {
        double[] gradient = at.gradient();
        double alpha = learningRate.applyAsDouble(iteration);
        int t = iteration + 1;
        double mCorrection = 1 - Math.pow(beta1, t);
        double vCorrection = 1 - Math.pow(beta2, t);
        for (int i = 0; i < w.length; i++) {
            double g = gradient[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            w[i] -= alpha * (m[i] / mCorrection) / (Math.sqrt(v[i] / vCorrection) + epsilon);
        }
        return Optional.empty();
    }

    @Override
    public Map<String, double[]> state() {
        return Map.of("m", m, "v", v);
    }

    @Override
    public void restore(Map<String, double[]> state) {
        OptimizerState.requireKeys(state, Set.of("m", "v"));
        double[] restoredM = OptimizerState.copy(state, "m", m.length);
        double[] restoredV = OptimizerState.copy(state, "v", v.length);
        m = restoredM;
        v = restoredV;
    }
}
