package digitnet.data;

/**
 * The shape of an MNIST digit, which the data, the network and the model files share: 28×28
 * grey pixels and one of ten labels.
 */
public final class DigitShape {
    private DigitShape() {}

    /** Pixels of a digit (28×28), the network's inputs. */
    public static final int PIXELS = 784;
    /** Labels 0..9, the network's outputs. */
    public static final int CLASSES = 10;
    public static final int MAX_LABEL = CLASSES - 1;
    public static final int MAX_PIXEL = 255;
}
