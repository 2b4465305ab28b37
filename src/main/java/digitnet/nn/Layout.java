package digitnet.nn;

import digitnet.data.DigitShape;
import java.io.Serializable;

/**
 * Where W1, b1, W2 and b2 live in the one flat {@code double[]} that broadcast, aggregation,
 * update and save all share.
 *
 * <p>Each matrix is row-major with the notebook's shapes: W1 is H×784, b1 is H×1, W2 is 10×H,
 * b2 is 10×1, stored one after the other in that order, so a model file is four slices of it.
 */
public record Layout(int hidden) implements Serializable {
    /** The network's inputs and outputs: the shape of a digit, which the data layer owns. */
    public static final int PIXELS = DigitShape.PIXELS;
    public static final int CLASSES = DigitShape.CLASSES;

    public Layout {
        if (hidden <= 0) {
            throw new IllegalArgumentException("hidden units must be positive: " + hidden);
        }
    }

    /** Offset of W1[h][p] is {@code w1() + h * PIXELS + p}. */
    public int w1() {
        return 0;
    }

    public int b1() {
        return hidden * PIXELS;
    }

    /** Offset of W2[k][h] is {@code w2() + k * hidden + h}. */
    public int w2() {
        return b1() + hidden;
    }

    public int b2() {
        return w2() + CLASSES * hidden;
    }

    /** Number of parameters: H·784 + H + 10·H + 10. */
    public int size() {
        return b2() + CLASSES;
    }
}
