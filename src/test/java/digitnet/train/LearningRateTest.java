package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitnet.train.LearningRate.Schedule;
import org.junit.jupiter.api.Test;

class LearningRateTest {
    private static final double TOLERANCE = 1e-15;

    @Test
    void constantIsAlphaThroughout() {
        LearningRate lr = LearningRate.constant(0.1);
        assertEquals(0.1, lr.at(0));
        assertEquals(0.1, lr.at(499));
    }

    @Test
    void stepMultipliesByTheFactorEveryNIterations() {
        LearningRate lr = new LearningRate(Schedule.STEP, 0.8, 300, 100, 0.5, 0, 0);
        assertEquals(0.8, lr.at(99), TOLERANCE);
        assertEquals(0.4, lr.at(100), TOLERANCE);
        assertEquals(0.2, lr.at(299), TOLERANCE);
    }

    @Test
    void cosineFallsFromAlphaToTheMinimumByHalfACosine() {
        LearningRate lr = new LearningRate(Schedule.COSINE, 0.9, 100, 1, 1, 0.1, 0);
        assertEquals(0.9, lr.at(0), TOLERANCE);
        assertEquals(0.5, lr.at(50), TOLERANCE);                                        // halfway: the mean
        assertEquals(0.1 + 0.8 * (1 + Math.cos(Math.PI * 99 / 100)) / 2, lr.at(99), TOLERANCE);
    }

    @Test
    void warmupCosineRisesLinearlyThenFollowsTheCosineOverTheRest() {
        LearningRate lr = new LearningRate(Schedule.WARMUP_COSINE, 1.0, 110, 1, 1, 0, 10);
        assertEquals(0.1, lr.at(0), TOLERANCE);
        assertEquals(0.5, lr.at(4), TOLERANCE);
        assertEquals(1.0, lr.at(9), TOLERANCE);
        assertEquals(1.0, lr.at(10), TOLERANCE);
        assertEquals(0.5, lr.at(60), TOLERANCE);
    }

    @Test
    void theCommandLineSpellsSchedulesInLowerCaseWithHyphens() {
        assertEquals("warmup-cosine", Schedule.WARMUP_COSINE.toString());
    }
}
