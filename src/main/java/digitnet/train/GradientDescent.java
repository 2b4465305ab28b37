package digitnet.train;

import java.util.Optional;
import java.util.function.IntToDoubleFunction;

/** The notebook's update, W := W − α·dW, applied to W1, b1, W2 and b2 at once (one flat array). */
public final class GradientDescent implements Optimizer {
    private final IntToDoubleFunction learningRate;

    public GradientDescent(IntToDoubleFunction learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public <V extends Objective.Value> Optional<V> step(double[] w, V at, Objective<V> objective, int iteration) {
        double[] gradient = at.gradient();
        double alpha = learningRate.applyAsDouble(iteration);
        for (int i = 0; i < w.length; i++) {
            w[i] -= alpha * gradient[i];
        }
        return Optional.empty();
    }
}
