package digitnet.ml;

import digitnet.data.DigitShape;
import digitnet.data.DigitValues;
import java.util.function.IntFunction;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * Reads a digit's pixels out of a Spark ML feature vector, checking them as the CSV reader
 * checks a line. A vector has 784 entries, dense or sparse (VectorAssembler over 784 pixel
 * columns makes sparse ones), on either scale of {@link DigitValues}: the integers 0..255, or
 * 0..1. Labels are read by {@link DigitValues#label}.
 */
public final class DigitVectors {
    private DigitVectors() {}

    private static final IntFunction<String> AT_INDEX = index -> "at index " + index;

    /**
     * Writes the 784 pixels (0..255) of {@code features} into {@code pixels} and returns null, or
     * returns what is wrong with the vector (pixels then holds no meaning).
     */
    public static String read(Vector features, int[] pixels) {
        if (features == null) {
            return "is null";
        }
        if (features.size() != DigitShape.PIXELS) {
            return "has size " + features.size() + ", expected " + DigitShape.PIXELS;
        }
        return features instanceof SparseVector sparse
                ? DigitValues.read(sparse.indices(), sparse.values(), pixels, AT_INDEX)
                : DigitValues.read(null, ((DenseVector) features).values(), pixels, AT_INDEX);
    }
}
