package digitnet.cli;

import digitnet.train.LearningRate;
import picocli.CommandLine.Option;

/** {@code train}'s learning rate and its schedule over the run. */
final class ScheduleOptions {

    @Option(names = "--learning-rate", paramLabel = "A", description = "Step size alpha, where --lr-schedule starts; unused by lbfgs (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-schedule", paramLabel = "S",
            description = "Learning rate over the run: ${COMPLETION-CANDIDATES}; not for lbfgs, whose line search picks the step (default: ${DEFAULT-VALUE}).")
    LearningRate.Schedule lrSchedule;

    @Option(names = "--lr-step-every", paramLabel = "N",
            description = "step: iterations between decays (default: ${DEFAULT-VALUE}).")
    int lrStepEvery;

    @Option(names = "--lr-step-factor", paramLabel = "F",
            description = "step: what each decay multiplies the rate by (default: ${DEFAULT-VALUE}).")
    double lrStepFactor;

    @Option(names = "--lr-min", paramLabel = "A",
            description = "cosine, warmup-cosine: the rate at the last iteration (default: ${DEFAULT-VALUE}).")
    double lrMin;

    @Option(names = "--lr-warmup", paramLabel = "N",
            description = "warmup-cosine: iterations of linear growth to --learning-rate (default: ${DEFAULT-VALUE}).")
    int lrWarmup;

    LearningRate settings() {
        return new LearningRate(lrSchedule, learningRate, lrStepEvery, lrStepFactor, lrMin, lrWarmup);
    }
}
