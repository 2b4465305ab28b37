package digitnet.cli;

import digitnet.train.EarlyStopping;
import picocli.CommandLine.Option;

/** {@code train}'s early stopping on the dev set. */
final class EarlyStoppingOptions {

    @Option(names = "--patience", paramLabel = "N",
            description = "Stop after N iterations without a better dev score, and save the best model instead "
                    + "of the last; 0 trains all iterations and saves the last (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--min-delta", paramLabel = "D",
            description = "The least dev improvement that counts for --patience (default: ${DEFAULT-VALUE}).")
    double minDelta;

    @Option(names = "--early-stop-metric", paramLabel = "M",
            description = "The dev score of --patience: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EarlyStopping.Metric earlyStopMetric;

    EarlyStopping settings() {
        return new EarlyStopping(patience, minDelta, earlyStopMetric);
    }
}
