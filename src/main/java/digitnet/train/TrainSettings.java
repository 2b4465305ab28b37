package digitnet.train;

import static digitnet.train.InvalidSetting.require;

import digitnet.data.Augmentation;
import digitnet.nn.Layout;

/**
 * Everything besides the rows (and which of them are dev rows) that decides the model. Two runs
 * on the same rows and dev set with equal settings produce the same model bits. Settings that do
 * not fit together are refused here, whoever builds them.
 *
 * @param iterations  the run's length, the one place it is kept
 * @param seed        seed of the starting weights (the CLI's seeded dev split uses it too)
 * @param weightDecay λ of the L2 penalty λ/2·(‖W1‖² + ‖W2‖²) added to the loss; 0 for none
 * @param augment     deformed copies each training row also trains as ({@link Augmentation}); 0 for none
 * @param augmentElastic whether those copies add Simard's elastic distortion to the affine map (nothing
 *                    to deform when {@code augment} is 0)
 */
public record TrainSettings(int hidden, int iterations, long seed, Init init, OptimizerSettings optimizer,
        LearningRate learningRate, double weightDecay, EarlyStopping earlyStopping, int augment,
        boolean augmentElastic) {

    public TrainSettings {
        require(hidden > 0, "{hidden} must be at least 1, not " + hidden);
        require(iterations >= 0, "{iterations} must be 0 or more, not " + iterations);
        require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "{weight-decay} must be 0 or a positive number, not " + weightDecay);
        require(augment >= 0 && augment <= Augmentation.MAX_COPIES,
                "{augment} must be 0.." + Augmentation.MAX_COPIES + ", not " + augment);
        learningRate.checkFits(iterations);
        require(optimizer.kind() != OptimizerSettings.Kind.LBFGS
                        || learningRate.schedule() == LearningRate.Schedule.CONSTANT,
                "{lr-schedule} " + learningRate.schedule() + " does not apply to {optimizer} lbfgs, whose line "
                        + "search chooses each step; use {lr-schedule} constant");
    }

    public Layout layout() {
        return new Layout(hidden);
    }

    /** The deformed copies of the training rows, drawn with {@link #seed()}. */
    public Augmentation augmentation() {
        return Augmentation.of(augment, augmentElastic, seed);
    }

    /** The weights a fresh run starts from: {@link #init()} drawn with {@link #seed()}. */
    public double[] initialWeights() {
        return init.draw(layout(), seed);
    }

    /** A fresh optimizer for these settings. */
    Optimizer newOptimizer() {
        return optimizer.create(learningRate.over(iterations), layout().size());
    }
}
