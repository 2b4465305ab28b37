package digitnet.train;

import static digitnet.train.InvalidSetting.require;

import java.util.function.IntToDoubleFunction;

/**
 * Which optimizer turns the gradient into a step, and its constants. Each optimizer reads only
 * its own: momentum for {@code momentum} and {@code nesterov}, β1, β2 and ε for {@code adam},
 * the history for {@code lbfgs}.
 *
 * @param momentum     μ, the velocity's decay per step
 * @param beta1        Adam's decay of the gradient's running mean
 * @param beta2        Adam's decay of the gradient's running uncentred variance
 * @param epsilon      Adam's guard against dividing by a tiny variance
 * @param lbfgsHistory L-BFGS's number of (step, gradient change) pairs remembered
 */
public record OptimizerSettings(Kind kind, double momentum, double beta1, double beta2,
        double epsilon, int lbfgsHistory) {

    /** The optimizers; {@link #toString()} is the command line's spelling. */
    public enum Kind {
        GD, MOMENTUM, NESTEROV, ADAM, LBFGS;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public OptimizerSettings {
        require(momentum >= 0 && momentum < 1, "{momentum} must be in [0, 1), not " + momentum);
        require(beta1 >= 0 && beta1 < 1, "{beta1} must be in [0, 1), not " + beta1);
        require(beta2 >= 0 && beta2 < 1, "{beta2} must be in [0, 1), not " + beta2);
        require(epsilon > 0 && Double.isFinite(epsilon), "{epsilon} must be a positive number, not " + epsilon);
        require(lbfgsHistory > 0, "{lbfgs-history} must be at least 1, not " + lbfgsHistory);
    }

    /**
     * A fresh optimizer of this kind, with empty state.
     *
     * @param learningRate α of each iteration (L-BFGS's line search chooses its own)
     * @param parameters   the number of weights
     */
    public Optimizer create(IntToDoubleFunction learningRate, int parameters) {
        return switch (kind) {
            case GD -> new GradientDescent(learningRate);
            case MOMENTUM -> new Momentum(learningRate, momentum, false, parameters);
            case NESTEROV -> new Momentum(learningRate, momentum, true, parameters);
            case ADAM -> new Adam(learningRate, beta1, beta2, epsilon, parameters);
            case LBFGS -> new Lbfgs(lbfgsHistory, parameters);
        };
    }
}
