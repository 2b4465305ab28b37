package digitnet.model;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.compat.KryoRecords;
import digitnet.data.Digit;
import digitnet.nn.Softmax;
import java.io.Serializable;

/**
 * What the network says about one digit: the ten softmax outputs, the digit it picks (the first
 * largest, as numpy's argmax), and, for a labelled digit, its true label and cross-entropy loss.
 *
 * @param imageId       the digit's number in input order, from 1
 * @param label         the true label, or {@link Digit#NO_LABEL}
 * @param predicted     argmax of the output scores
 * @param probabilities softmax of the output scores, ten values summing to 1
 * @param loss          −log of the true label's probability, computed stably; NaN without a label
 */
@DefaultSerializer(KryoRecords.class)
public record Prediction(long imageId, int label, int predicted, double[] probabilities, double loss)
        implements Serializable {

    /** The prediction for output scores {@code z2} (before softmax). */
    public static Prediction of(long imageId, int label, double[] z2) {
        double loss = label == Digit.NO_LABEL ? Double.NaN : Softmax.crossEntropy(z2, label);
        return new Prediction(imageId, label, Softmax.argmax(z2), Softmax.probabilities(z2), loss);
    }

    public boolean isLabelled() {
        return label != Digit.NO_LABEL;
    }

    /** The probability the network gives its own answer. */
    public double confidence() {
        return probabilities[predicted];
    }

    public boolean isCorrect() {
        return predicted == label;
    }
}
