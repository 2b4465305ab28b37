package digitnet.train;

/**
 * A function of the weights to minimise, with its gradient: what a line search evaluates at
 * trial points. In training it is one Spark job per point (the gradient job); in tests, any
 * function.
 */
@FunctionalInterface
public interface Objective {

    /** The loss and its gradient at some weights. A loss of +∞ means the point is out of range. */
    record Value(double loss, double[] gradient) {}

    /** The value at {@code w}, which is not changed. */
    Value at(double[] w);
}
