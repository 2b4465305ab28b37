package digitnet.train;

/**
 * The step size α of each iteration: constant as in the notebook, or decaying over the run.
 * A pure function of the iteration, so a resumed run needs no schedule state.
 *
 * @param schedule   the shape of the decay
 * @param base       α at the start (after warm-up)
 * @param iterations the run's length, over which cosine schedules decay
 * @param stepEvery  {@code step}: iterations between two decays
 * @param stepFactor {@code step}: what each decay multiplies α by
 * @param min        cosine schedules: α at the last iteration
 * @param warmup     {@code warmup-cosine}: iterations of linear growth from α/warmup to α
 */
public record LearningRate(Schedule schedule, double base, int iterations, int stepEvery,
        double stepFactor, double min, int warmup) {

    /** The shapes; {@link #toString()} is the command line's spelling. */
    public enum Schedule {
        CONSTANT, STEP, COSINE, WARMUP_COSINE;

        @Override
        public String toString() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** The notebook's: α at every iteration. */
    public static LearningRate constant(double alpha) {
        return new LearningRate(Schedule.CONSTANT, alpha, 0, 1, 1, 0, 0);
    }

    /** α for iteration {@code iteration} (counted from 0). */
    public double at(int iteration) {
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
