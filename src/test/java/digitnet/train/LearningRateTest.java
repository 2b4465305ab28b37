package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import digitnet.train.LearningRate.Schedule;
import org.junit.jupiter.api.Test;

class LearningRateTest {
    private static final double TOLERANCE = 1e-15;

    @Test
    void constantIsAlphaThroughout() {
        LearningRate lr = LearningRate.constant(0.1);
        assertEquals(0.1, lr.at(0, 500));
        assertEquals(0.1, lr.at(499, 500));
    }

    @Test
    void stepMultipliesByTheFactorEveryNIterations() {
        LearningRate lr = new LearningRate(Schedule.STEP, 0.8, 100, 0.5, 0, 0);
        assertEquals(0.8, lr.at(99, 300), TOLERANCE);
        assertEquals(0.4, lr.at(100, 300), TOLERANCE);
        assertEquals(0.2, lr.at(299, 300), TOLERANCE);
    }

    @Test
    void cosineFallsFromAlphaToTheMinimumByHalfACosine() {
        LearningRate lr = new LearningRate(Schedule.COSINE, 0.9, 1, 1, 0.1, 0);
        assertEquals(0.9, lr.at(0, 100), TOLERANCE);
        assertEquals(0.5, lr.at(50, 100), TOLERANCE);                                        // halfway: the mean
        assertEquals(0.1 + 0.8 * (1 + Math.cos(Math.PI * 99 / 100)) / 2, lr.at(99, 100), TOLERANCE);
    }

    @Test
    void warmupCosineRisesLinearlyThenFollowsTheCosineOverTheRest() {
        LearningRate lr = new LearningRate(Schedule.WARMUP_COSINE, 1.0, 1, 1, 0, 10);
        assertEquals(0.1, lr.at(0, 110), TOLERANCE);
        assertEquals(0.5, lr.at(4, 110), TOLERANCE);
        assertEquals(1.0, lr.at(9, 110), TOLERANCE);
        assertEquals(1.0, lr.at(10, 110), TOLERANCE);
        assertEquals(0.5, lr.at(60, 110), TOLERANCE);
    }

    @Test
    void aWarmupAsLongAsTheRunIsRefusedWhereverTheSettingsAreMade() {
        LearningRate warmup = new LearningRate(Schedule.WARMUP_COSINE, 0.1, 1, 1, 0, 30);
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> new TrainSettings(10, 30, 0, Init.UNIFORM,
                new OptimizerSettings(OptimizerSettings.Kind.GD, 0.9, 0.9, 0.999, 1e-8, 10), warmup, 0,
                EarlyStopping.OFF, 0, false));
        assertEquals("lr-warmup must be at least 1 and less than iterations 30, not 30", refused.getMessage());
        assertEquals("--lr-warmup must be at least 1 and less than --iterations 30, not 30",
                refused.message(key -> "--" + key));
    }

    @Test
    void settingsOutOfRangeAreRefusedByTheirRecord() {
        assertThrows(InvalidSetting.class, () -> LearningRate.constant(0));
        assertThrows(InvalidSetting.class, () -> new LearningRate(Schedule.COSINE, 0.1, 1, 1, 0.2, 0));
        assertThrows(InvalidSetting.class, () -> new EarlyStopping(-1, 0, EarlyStopping.Metric.DEV_LOSS));
        assertThrows(InvalidSetting.class,
                () -> new OptimizerSettings(OptimizerSettings.Kind.ADAM, 0.9, 1.0, 0.999, 1e-8, 10));
    }

    @Test
    void theCommandLineSpellsSchedulesInLowerCaseWithHyphens() {
        assertEquals("warmup-cosine", Schedule.WARMUP_COSINE.toString());
    }
}
