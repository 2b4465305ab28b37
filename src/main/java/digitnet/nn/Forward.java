package digitnet.nn;

import static digitnet.nn.Layout.CLASSES;
import static digitnet.nn.Layout.PIXELS;

/**
 * The network's forward pass for one digit, written out plainly over dense pixels: the half of
 * {@link ReferenceKernel} that inference needs too, so that training and prediction run the
 * same network code.
 */
public final class Forward {
    private Forward() {}

    /** The input column X: pixel values 0..255 scaled to 0..1, as the notebook's {@code X / 255.}. */
    public static double[] input(int[] pixels) {
        double[] x = new double[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            x[p] = pixels[p] / 255.0;
        }
        return x;
    }

    /**
     * Fills {@code z1} and {@code a1} (H values each) and {@code z2} (10 values) for one input
     * column {@code x}, with the weights {@code w} laid out as {@code l} says.
     */
    public static void pass(double[] w, Layout l, double[] x, double[] z1, double[] a1, double[] z2) {
        int hidden = l.hidden();
        // Z1 (H) = W1 (H×784) · X (784) + b1;  A1 = ReLU(Z1)
        for (int h = 0; h < hidden; h++) {
            double s = 0;
            for (int p = 0; p < PIXELS; p++) {
                s += w[l.w1() + h * PIXELS + p] * x[p];
            }
            z1[h] = s + w[l.b1() + h];
            a1[h] = Math.max(z1[h], 0);
        }
        // Z2 (10) = W2 (10×H) · A1 (H) + b2
        for (int k = 0; k < CLASSES; k++) {
            double s = 0;
            for (int h = 0; h < hidden; h++) {
                s += w[l.w2() + k * hidden + h] * a1[h];
            }
            z2[k] = s + w[l.b2() + k];
        }
    }

    /** Z2, the ten output scores before softmax, of one digit's pixels (0..255). */
    public static double[] logits(double[] w, Layout l, int[] pixels) {
        return activations(w, l, pixels).logits();
    }

    /**
     * What one digit's pixels (0..255) make of the network: the hidden layer A1 (H values, after
     * ReLU) and the output scores Z2 (10, before softmax), for those who look inside as well.
     */
    public static Activations activations(double[] w, Layout l, int[] pixels) {
        double[] z1 = new double[l.hidden()];
        double[] a1 = new double[l.hidden()];
        double[] z2 = new double[CLASSES];
        pass(w, l, input(pixels), z1, a1, z2);
        return new Activations(a1, z2);
    }

    /**
     * One digit's pass through the network.
     *
     * @param hidden A1, the H hidden units' outputs after ReLU
     * @param logits Z2, the ten output scores before softmax
     */
    public record Activations(double[] hidden, double[] logits) {}
}
