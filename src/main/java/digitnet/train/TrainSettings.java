package digitnet.train;

/**
 * Everything besides the data that decides the model. Two runs on the same rows with equal
 * settings produce the same model bits.
 *
 * @param weightDecay λ of the L2 penalty λ/2·(‖W1‖² + ‖W2‖²) added to the loss; 0 for none
 */
public record TrainSettings(int hidden, int iterations, int devRows, long seed, Init init,
        OptimizerSettings optimizer, LearningRate learningRate, double weightDecay,
        EarlyStopping earlyStopping) {

    /** The notebook's update: gradient descent at a constant α, no penalty, all iterations. */
    public TrainSettings(int hidden, double learningRate, int iterations, int devRows, long seed, Init init) {
        this(hidden, iterations, devRows, seed, init, OptimizerSettings.NOTEBOOK,
                LearningRate.constant(learningRate), 0, EarlyStopping.OFF);
    }

    /** A fresh optimizer for these settings; {@code objective} is the trainer's. */
    public Optimizer newOptimizer(Objective objective, int parameters) {
        return optimizer.create(learningRate, objective, parameters);
    }
}
