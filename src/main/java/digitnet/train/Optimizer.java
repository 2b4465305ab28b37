package digitnet.train;

/**
 * The update on the driver: the only part of an iteration that differs between optimizers.
 * The gradient job is the same for all of them.
 */
public interface Optimizer {
    /**
     * Updates the weights {@code w} in place from the mean gradient of the iteration
     * {@code iteration} (counted from 0).
     */
    void step(double[] w, double[] gradient, int iteration);
}
