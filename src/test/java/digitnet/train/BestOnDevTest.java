package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BestOnDevTest {

    @Test
    void keepsTheWeightsOfTheBestAccuracyAndStopsAfterPatienceWithoutImprovement() {
        BestOnDev best = new BestOnDev(new EarlyStopping(2, 0.01, EarlyStopping.Metric.DEV_ACCURACY));
        double[] w = {0};
        double[] accuracies = {0.5, 0.7, 0.705, 0.69};   // 0.705 beats 0.7 by less than min-delta
        for (int it = 0; it < accuracies.length; it++) {
            w[0] = it;
            best.offer(it, accuracies[it], Double.NaN, w);
            assertEquals(it == 3, best.patienceExhausted(), "after iteration " + it);
        }
        assertEquals(1, best.iteration());
        assertArrayEquals(new double[] {1}, best.weights(), "a copy of iteration 1's weights");
    }

    @Test
    void onDevLossLowerIsBetter() {
        BestOnDev best = new BestOnDev(new EarlyStopping(1, 0, EarlyStopping.Metric.DEV_LOSS));
        best.offer(0, 0.9, 0.30, new double[] {0});
        best.offer(1, 0.8, 0.25, new double[] {1});     // worse accuracy, better loss
        assertFalse(best.patienceExhausted());
        best.offer(2, 0.95, 0.26, new double[] {2});
        assertTrue(best.patienceExhausted());
        assertEquals(1, best.iteration());
    }

    @Test
    void patienceZeroWatchesNothing() {
        BestOnDev off = new BestOnDev(EarlyStopping.OFF);
        off.offer(0, 0.5, 1, new double[] {0});
        off.offer(1, 0.1, 9, new double[] {1});
        assertFalse(off.patienceExhausted());
        assertEquals(-1, off.iteration());
    }
}
