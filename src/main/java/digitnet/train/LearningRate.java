package digitnet.train;

import static digitnet.train.InvalidSetting.require;

import java.util.function.IntToDoubleFunction;

/**
 * The step size α of each iteration: constant as in the notebook, or decaying over the run.
 * A pure function of the iteration and the run's length, so a resumed run needs no schedule
 * state. The run's length is not held here but in {@link TrainSettings#iterations()}.
 *
 * @param schedule   the shape of the decay
 * @param base       α at the start (after warm-up)
 * @param stepEvery  {@code step}: iterations between two decays
 * @param stepFactor {@code step}: what each decay multiplies α by
 * @param min        cosine schedules: α at the last iteration
 * @param warmup     {@code warmup-cosine}: iterations of linear growth from α/warmup to α
 */
public record LearningRate(Schedule schedule, double base, int stepEvery, double stepFactor, double min,
        int warmup) {

    /** The shapes; {@link #toString()} is the command line's spelling. */
    public enum Schedule {
        CONSTANT, STEP, COSINE, WARMUP_COSINE;

        @Override
        public String toString() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    public LearningRate {
        require(base > 0 && Double.isFinite(base), "{learning-rate} must be a positive number, not " + base);
        require(stepEvery > 0, "{lr-step-every} must be at least 1, not " + stepEvery);
        require(stepFactor > 0 && stepFactor <= 1, "{lr-step-factor} must be in (0, 1], not " + stepFactor);
        require(min >= 0 && min <= base, "{lr-min} must be in [0, {learning-rate} " + base + "], not " + min);
        require(schedule != Schedule.WARMUP_COSINE || warmup > 0,
                "{lr-warmup} must be at least 1 for warmup-cosine, not " + warmup);
    }

    /** The notebook's: α at every iteration. */
    public static LearningRate constant(double alpha) {
        return new LearningRate(Schedule.CONSTANT, alpha, 1, 1, 0, 0);
    }

    /** Refuses a run of {@code iterations} this schedule does not fit: a warm-up as long as the run or longer. */
    void checkFits(int iterations) {
        require(schedule != Schedule.WARMUP_COSINE || warmup < iterations,
                "{lr-warmup} must be at least 1 and less than {iterations} " + iterations + ", not " + warmup);
    }

    /**
     * Whether α at an iteration depends on the run's length (the cosine schedules): then the first
     * k iterations of a longer run are not those of a run of k.
     */
    public boolean dependsOnLength() {
        return schedule == Schedule.COSINE || schedule == Schedule.WARMUP_COSINE;
    }

    /** α of each iteration of a run of {@code iterations}. */
    public IntToDoubleFunction over(int iterations) {
        return iteration -> at(iteration, iterations);
    }

    /** α for iteration {@code iteration} (counted from 0) of a run of {@code iterations}. */
    public double at(int iteration, int iterations) {
        return switch (schedule) {
            case CONSTANT -> base;
            case STEP -> base * Math.pow(stepFactor, iteration / stepEvery);
            case COSINE -> cosine(iteration, iterations);
            case WARMUP_COSINE -> iteration < warmup
                    ? base * (iteration + 1) / warmup
                    : cosine(iteration - warmup, iterations - warmup);
        };
    }

    /** Half a cosine from {@code base} at 0 down to {@code min} at {@code length}. */
    private double cosine(int iteration, int length) {
        return min + (base - min) * (1 + Math.cos(Math.PI * iteration / length)) / 2;
    }
}
