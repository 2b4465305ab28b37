package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    /**
     * Runs {@code iterations} steps from {@code start} as the trainer does (each from the value
     * the step handed back, else a fresh evaluation) and returns the weights; counts the line
     * search's evaluations.
     */
    private static double[] minimise(Objective<Objective.Value> f, double[] start, int iterations,
            int[] evaluations) {
        Objective<Objective.Value> counted = w -> {
            evaluations[0]++;
            return f.at(w);
        };
        Lbfgs lbfgs = new Lbfgs(5, start.length);
        double[] w = start.clone();
        Objective.Value at = f.at(w);
        for (int it = 0; it < iterations; it++) {
            at = lbfgs.step(w, at, counted, it).orElseGet(() -> f.at(w));
            assertArrayEquals(f.at(w).gradient(), at.gradient(), 0, "the value handed back is the new weights'");
        }
        return w;
    }

    @Test
    void findsTheMinimumOfAQuadratic() {
        int[] evaluations = {0};
        double[] w = minimise(Quadratic.BOWL::at, new double[] {5, -5}, 6, evaluations);
        assertArrayEquals(new double[] {1.0 / 11, 7.0 / 11}, w, 1e-9);
        // Each step accepted its first trial: one evaluation a step, whose value starts the next.
        assertEquals(6, evaluations[0], evaluations[0] + " evaluations");
    }

    /**
     * Softmax regression on one-hot features: 3 categories, 3 classes, the counts below. The
     * model gives each category c its own class probabilities softmax(W[·][c]), and the known
     * optimum of the mean cross-entropy is the empirical frequencies N[c][k] / N[c], with
     * loss −Σ N[c][k]·log(N[c][k] / N[c]) / N.
     */
    @Test
    void findsTheKnownOptimumOfASoftmaxRegression() {
        double[][] counts = {{6, 3, 1}, {2, 2, 6}, {1, 8, 1}};
        SoftmaxRegression f = new SoftmaxRegression(counts);
        double total = 0;
        double optimum = 0;
        for (double[] row : counts) {
            double n = 0;
            for (double c : row) {
                n += c;
            }
            for (double c : row) {
                optimum -= c * Math.log(c / n);
            }
            total += n;
        }
        optimum /= total;

        double[] w = minimise(f::at, new double[9], 100, new int[1]);

        assertEquals(optimum, f.at(w).loss(), 1e-12);
        for (int c = 0; c < 3; c++) {
            double n = counts[c][0] + counts[c][1] + counts[c][2];
            double[] frequencies = {counts[c][0] / n, counts[c][1] / n, counts[c][2] / n};
            assertArrayEquals(frequencies, f.probabilities(w, c), 1e-6, "category " + c);
        }
    }

    @Test
    void keepsTheWeightsWhenNoStepDecreasesTheLossAndThenStopsSearching() {
        // A loss that only grows away from w = 1: the gradient claims descent that is not there.
        int[] evaluations = {0};
        Objective<Objective.Value> liar = w -> {
            evaluations[0]++;
            return Objective.Value.of(w[0] == 1 ? 0 : 1, new double[] {1});
        };
        Lbfgs lbfgs = new Lbfgs(5, 1);
        double[] w = {1};
        Objective.Value start = liar.at(w);
        assertEquals(Optional.of(start), lbfgs.step(w, start, liar, 0), "the weights stayed: their value holds");
        assertArrayEquals(new double[] {1}, w);
        assertEquals(Map.of(), lbfgs.state());
        assertTrue(evaluations[0] > 1, "it searched");

        int searched = evaluations[0];
        lbfgs.step(w, start, liar, 1);
        assertArrayEquals(new double[] {1}, w);
        assertEquals(searched, evaluations[0], "a search along the gradient failed: stalled, no more trials");
    }

    @Test
    void aFailedSearchWithMemoryForgetsItAndTriesOnceMoreAlongTheGradient() {
        Lbfgs learned = new Lbfgs(5, 2);
        double[] w = {5, -5};
        learned.step(w, Quadratic.BOWL.at(w), Quadratic.BOWL::at, 0);
        assertEquals(2, learned.state().size(), "one (s, y) pair");

        // Where the loss is flat but the gradient says otherwise, every search fails.
        int[] evaluations = {0};
        Objective<Objective.Value> flat = x -> {
            evaluations[0]++;
            return Objective.Value.of(0, new double[] {1, 1});
        };
        Lbfgs lbfgs = new Lbfgs(5, 2);
        lbfgs.restore(learned.state());
        double[] start = w.clone();
        int[] perStep = new int[3];
        for (int it = 0; it < 3; it++) {
            int before = evaluations[0];
            lbfgs.step(w, Objective.Value.of(0, new double[] {1, 1}), flat, it);
            perStep[it] = evaluations[0] - before;
        }
        assertArrayEquals(start, w);
        assertEquals(Map.of(), lbfgs.state());
        assertTrue(perStep[0] > 1 && perStep[1] > 1 && perStep[2] == 0, java.util.Arrays.toString(perStep));
    }

    /** Softmax regression with one-hot inputs, weights W[k][c] at {@code 3·k + c}. */
    private record SoftmaxRegression(double[][] counts) {
        double[] probabilities(double[] w, int c) {
            double[] z = {w[c], w[3 + c], w[6 + c]};
            return digitnet.nn.Softmax.probabilities(z);
        }

        Objective.Value at(double[] w) {
            double[] gradient = new double[9];
            double loss = 0;
            double total = 0;
            for (int c = 0; c < 3; c++) {
                double[] p = probabilities(w, c);
                for (int k = 0; k < 3; k++) {
                    double n = counts[c][k];
                    total += n;
                    loss -= n * Math.log(p[k]);
                    for (int j = 0; j < 3; j++) {
                        gradient[3 * j + c] += n * (p[j] - (j == k ? 1 : 0));
                    }
                }
            }
            for (int i = 0; i < 9; i++) {
                gradient[i] /= total;
            }
            return Objective.Value.of(loss / total, gradient);
        }
    }
}
