package digitnet.cli;

import digitnet.train.OptimizerSettings;
import picocli.CommandLine.Option;

/** {@code train}'s choice of update rule and its constants. */
final class OptimizerOptions {

    @Option(names = "--optimizer", paramLabel = "KIND",
            description = "Update rule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OptimizerSettings.Kind optimizer;

    @Option(names = "--momentum", paramLabel = "MU",
            description = "Momentum of momentum and nesterov, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--beta1", paramLabel = "B", description = "Adam's decay of the gradient mean, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double beta1;

    @Option(names = "--beta2", paramLabel = "B", description = "Adam's decay of the squared gradient mean, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--epsilon", paramLabel = "E", description = "Adam's guard against division by ~0 (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--lbfgs-history", paramLabel = "N",
            description = "Step pairs L-BFGS remembers (default: ${DEFAULT-VALUE}).")
    int lbfgsHistory;

    OptimizerSettings settings() {
        return new OptimizerSettings(optimizer, momentum, beta1, beta2, epsilon, lbfgsHistory);
    }
}
