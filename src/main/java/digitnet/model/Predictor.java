package digitnet.model;

import digitnet.data.Digit;
import digitnet.data.NumberedDigits;
import digitnet.nn.Forward;
import digitnet.nn.Layout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Distributed inference: the weights are broadcast, each executor runs the network's forward
 * pass ({@link Forward}, the reference kernel's own) over its digits, and the driver collects
 * the predictions in ImageId order. Every command that predicts (predict, evaluate, show) goes
 * through here, so they agree row for row.
 */
public final class Predictor {
    private Predictor() {}

    /**
     * Predicts every digit, spread over {@code partitions} partitions when given (else as the
     * files were read), and returns the predictions sorted by ImageId.
     */
    public static List<Prediction> predict(JavaSparkContext sc, Model model, NumberedDigits digits,
            Integer partitions) {
        Broadcast<double[]> weights = sc.broadcast(model.params());
        Layout layout = model.layout();
        JavaPairRDD<Long, Digit> rows = partitions == null ? digits.numbered()
                : digits.numbered().repartition(partitions);
        try {
            List<Prediction> predictions = new ArrayList<>(rows
                    .map(t -> Prediction.of(t._1(), t._2().label(),
                            Forward.logits(weights.value(), layout, t._2().densePixels())))
                    .collect());
            predictions.sort(Comparator.comparingLong(Prediction::imageId));
            return predictions;
        } finally {
            weights.unpersist(false);
        }
    }
}
