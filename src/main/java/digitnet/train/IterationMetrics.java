package digitnet.train;

/**
 * One row of {@code metrics.csv}: the loss and accuracies of the weights an iteration started
 * from (measured by that iteration's own forward pass), and the iteration's wall time.
 * Accuracies are NaN when there are no rows to measure them on.
 */
public record IterationMetrics(int iteration, double loss, double trainAccuracy,
        double devAccuracy, long millis) {

    public static final String CSV_HEADER = "iteration,loss,train_accuracy,dev_accuracy,iteration_ms";

    public String csvLine() {
        return iteration + "," + loss + "," + trainAccuracy + "," + csvValue(devAccuracy) + "," + millis;
    }

    private static String csvValue(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
