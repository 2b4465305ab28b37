package digitnet.train;

/**
 * A function of the weights to minimise, with its gradient: what a line search evaluates at
 * trial points. In training it is one Spark job per point (the gradient job); in tests, any
 * function.
 *
 * @param <V> what an evaluation gives: at least the loss and the gradient
 */
@FunctionalInterface
public interface Objective<V extends Objective.Value> {

    /** The loss and its gradient at some weights. A loss of +∞ means the point is out of range. */
    interface Value {
        double loss();

        double[] gradient();

        static Value of(double loss, double[] gradient) {
            record Plain(double loss, double[] gradient) implements Value {}
            return new Plain(loss, gradient);
        }
    }

    /** The value at {@code w}, which is not changed. */
    V at(double[] w);
}
