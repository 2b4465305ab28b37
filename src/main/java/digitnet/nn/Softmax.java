package digitnet.nn;

/**
 * The output layer's softmax, cross-entropy and prediction, shared by every kernel and by
 * inference so that all of them agree on ties and rounding.
 */
public final class Softmax {
    private Softmax() {}

    /**
     * Softmax of z after subtracting its maximum: the same value as the notebook's
     * {@code exp(Z) / sum(exp(Z))}, but exp never overflows.
     */
    public static double[] probabilities(double[] z) {
        double[] a = new double[z.length];
        probabilities(z, a);
        return a;
    }

    /** As {@link #probabilities(double[])}, into {@code a}, for kernels that must not allocate. */
    public static void probabilities(double[] z, double[] a) {
        normalize(a, expMinusMax(z, max(z), a));
    }

    /**
     * Writes softmax(z) into {@code a} and returns −log softmax(z)[y], from one set of exps: the
     * same bits as {@link #probabilities(double[], double[])} and {@link #crossEntropy} at half
     * the cost, for the training loop that needs both.
     */
    public static double probabilitiesAndCrossEntropy(double[] z, int y, double[] a) {
        double max = max(z);
        double sum = expMinusMax(z, max, a);
        normalize(a, sum);
        return Math.log(sum) - (z[y] - max);
    }

    /** a = exp(z − max); returns Σ a, summed in index order as {@link #crossEntropy} does. */
    private static double expMinusMax(double[] z, double max, double[] a) {
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            a[k] = Math.exp(z[k] - max);
            sum += a[k];
        }
        return sum;
    }

    private static void normalize(double[] a, double sum) {
        for (int k = 0; k < a.length; k++) {
            a[k] /= sum;
        }
    }

    /** −log softmax(z)[y], computed as log Σ exp(z − max) − (z[y] − max) so it stays finite. */
    public static double crossEntropy(double[] z, int y) {
        double max = max(z);
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v - max);
        }
        return Math.log(sum) - (z[y] - max);
    }

    /** Index of the largest value, the first one on ties, as numpy's argmax. */
    public static int argmax(double[] z) {
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    private static double max(double[] z) {
        double max = z[0];
        for (double v : z) {
            max = Math.max(max, v);
        }
        return max;
    }
}
