package digitnet.train;

import static digitnet.train.InvalidSetting.require;

/**
 * When to stop before the last iteration: after {@code patience} iterations in which the dev
 * score never beat the best so far by more than {@code minDelta}. With early stopping on, the
 * model kept is the best on dev, not the last. Patience 0 turns it off (the notebook trains
 * all its iterations and keeps the last weights).
 *
 * @param minDelta the least improvement that counts, in the metric's units (accuracy as a
 *                 fraction, or mean cross-entropy)
 */
public record EarlyStopping(int patience, double minDelta, Metric metric) {

    public EarlyStopping {
        require(patience >= 0, "{patience} must be 0 or more, not " + patience);
        require(minDelta >= 0 && Double.isFinite(minDelta), "{min-delta} must be 0 or a positive number, not " + minDelta);
    }

    public static final EarlyStopping OFF = new EarlyStopping(0, 0, Metric.DEV_ACCURACY);

    /** What "best on dev" means; {@link #toString()} is the command line's spelling. */
    public enum Metric {
        DEV_ACCURACY {
            @Override
            double score(double devAccuracy, double devLoss) {
                return devAccuracy;
            }
        },
        DEV_LOSS {
            @Override
            double score(double devAccuracy, double devLoss) {
                return -devLoss;
            }
        };

        /** Higher is better. */
        abstract double score(double devAccuracy, double devLoss);

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public boolean enabled() {
        return patience > 0;
    }
}
