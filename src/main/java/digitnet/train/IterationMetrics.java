package digitnet.train;

/**
 * One row of {@code metrics.csv}: the losses and accuracies of the weights an iteration started
 * from (measured by that iteration's own forward pass), the iteration's wall time, and the
 * gradient jobs it ran (1 for gradient descent; L-BFGS's line search may run more, or none when
 * the previous iteration already evaluated these weights). Dev values are NaN without dev rows.
 */
public record IterationMetrics(int iteration, double loss, double trainAccuracy,
        double devAccuracy, long millis, double devLoss, int jobs) {

    public static final String CSV_HEADER =
            "iteration,loss,train_accuracy,dev_accuracy,iteration_ms,dev_loss,gradient_jobs";

    public String csvLine() {
        return iteration + "," + loss + "," + trainAccuracy + "," + csvValue(devAccuracy) + ","
                + millis + "," + csvValue(devLoss) + "," + jobs;
    }

    private static String csvValue(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
