package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Each first-order optimizer's two steps on a two-weight problem against the same steps worked
 * out by hand: w = (1, −2), gradients g1 = (0.5, −1) then g2 = (0.25, 0.5), α = 0.1.
 */
class OptimizerTest {
    private static final double TOLERANCE = 1e-12;
    private static final IntToDoubleFunction ALPHA = LearningRate.constant(0.1).over(10);
    private static final double[] G1 = {0.5, -1};
    private static final double[] G2 = {0.25, 0.5};
    /** First-order optimizers use the gradient they are given and evaluate nothing. */
    private static final Objective<Objective.Value> NOTHING = w -> {
        throw new AssertionError("a first-order optimizer evaluated the objective");
    };

    private static double[] twoSteps(Optimizer optimizer) {
        double[] w = {1, -2};
        assertEquals(Optional.empty(), optimizer.step(w, Objective.Value.of(0, G1), NOTHING, 0));
        assertEquals(Optional.empty(), optimizer.step(w, Objective.Value.of(0, G2), NOTHING, 1));
        return w;
    }

    @Test
    void gradientDescentSubtractsAlphaTimesTheGradient() {
        // w − 0.1·g1 = (0.95, −1.9); − 0.1·g2 = (0.925, −1.95)
        assertArrayEquals(new double[] {0.925, -1.95}, twoSteps(new GradientDescent(ALPHA)), TOLERANCE);
    }

    @Test
    void momentumStepsAlongTheVelocity() {
        // v = g1 = (0.5, −1), w = (0.95, −1.9); v = 0.9·v + g2 = (0.7, −0.4), w = (0.88, −1.86)
        assertArrayEquals(new double[] {0.88, -1.86}, twoSteps(new Momentum(ALPHA, 0.9, false, 2)), TOLERANCE);
    }

    @Test
    void nesterovStepsAlongTheGradientPlusTheDecayedVelocity() {
        // v = (0.5, −1), g1 + 0.9·v = (0.95, −1.9), w = (0.905, −1.81);
        // v = (0.7, −0.4), g2 + 0.9·v = (0.88, 0.14), w = (0.817, −1.824)
        assertArrayEquals(new double[] {0.817, -1.824}, twoSteps(new Momentum(ALPHA, 0.9, true, 2)), TOLERANCE);
    }

    @Test
    void adamStepsByTheBiasCorrectedMomentsRatio() {
        double eps = 1e-8;
        // t = 1: m = 0.1·g1 = (0.05, −0.1), v = 0.001·g1² = (0.00025, 0.001);
        //        m̂ = m / 0.1 = (0.5, −1), v̂ = v / 0.001 = (0.25, 1)
        double w0 = 1 - 0.1 * 0.5 / (0.5 + eps);
        double w1 = -2 - 0.1 * -1 / (1 + eps);
        // t = 2: m = 0.9·m + 0.1·g2 = (0.07, −0.04), v = 0.999·v + 0.001·g2² = (0.00031225, 0.001249);
        //        m̂ = m / (1 − 0.9²) = m / 0.19, v̂ = v / (1 − 0.999²) = v / 0.001999
        w0 -= 0.1 * (0.07 / 0.19) / (Math.sqrt(0.00031225 / 0.001999) + eps);
        w1 -= 0.1 * (-0.04 / 0.19) / (Math.sqrt(0.001249 / 0.001999) + eps);
        assertArrayEquals(new double[] {w0, w1}, twoSteps(new Adam(ALPHA, 0.9, 0.999, eps, 2)), TOLERANCE);
    }

    @Test
    void theScheduleSetsEachStepsRate() {
        // α = 0.1 then 0.05: w = (1, −2) − 0.1·g1 − 0.05·g2 = (0.9375, −1.925)
        IntToDoubleFunction halving = new LearningRate(LearningRate.Schedule.STEP, 0.1, 1, 0.5, 0, 0).over(2);
        assertArrayEquals(new double[] {0.9375, -1.925}, twoSteps(new GradientDescent(halving)), TOLERANCE);
    }

    @Test
    void aRestoredOptimizerTakesTheSameNextStepAsTheOriginal() {
        for (OptimizerSettings.Kind kind : List.of(OptimizerSettings.Kind.values())) {
            OptimizerSettings settings = new OptimizerSettings(kind, 0.9, 0.9, 0.999, 1e-8, 10);
            Objective<Objective.Value> bowl = Quadratic.BOWL::at;
            Optimizer original = settings.create(ALPHA, 2);
            double[] w = {1, -2};
            for (int it = 0; it < 3; it++) {
                original.step(w, bowl.at(w), bowl, it);
            }
            Map<String, double[]> saved = new HashMap<>();
            original.state().forEach((k, v) -> saved.put(k, v.clone()));
            Optimizer restored = settings.create(ALPHA, 2);
            restored.restore(saved);

            double[] next = w.clone();
            double[] nextRestored = w.clone();
            original.step(next, bowl.at(w), bowl, 3);
            restored.step(nextRestored, bowl.at(w), bowl, 3);
            assertArrayEquals(next, nextRestored, 0, kind.toString());
            assertEquals(kind == OptimizerSettings.Kind.GD, saved.isEmpty(), kind + " state " + saved.keySet());
        }
    }

    @Test
    void restoringAStateOfTheWrongShapeIsRefusedAndSaysWhy() {
        Optimizer adam = new Adam(ALPHA, 0.9, 0.999, 1e-8, 2);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> adam.restore(Map.of("m", new double[2])));
        assertTrue(missing.getMessage().contains("[m, v]"), missing.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> adam.restore(Map.of("m", new double[2], "v", new double[3])));
        assertTrue(length.getMessage().contains("'v' has 3 values"), length.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new GradientDescent(ALPHA).restore(Map.of("velocity", new double[2])));
    }
}
