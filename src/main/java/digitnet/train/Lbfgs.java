package digitnet.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Limited-memory BFGS (Nocedal and Wright, <i>Numerical Optimization</i>, algorithms 7.4 and
 * 7.5), the solver Spark MLlib's MultilayerPerceptronClassifier uses by default.
 *
 * <p>It keeps the last {@code history} steps s = W<sub>k+1</sub> − W<sub>k</sub> and gradient
 * changes y = ∇<sub>k+1</sub> − ∇<sub>k</sub>, turns the gradient into a quasi-Newton direction
 * with the two-loop recursion, and chooses the step length by a backtracking line search that
 * stops at the first length giving sufficient decrease (Armijo's condition). Each trial length
 * is one evaluation of the objective, that is one Spark job in training; an iteration is one
 * accepted step, however many trials it took. The first trial, length 1, is accepted on most
 * iterations, and the step hands the evaluation of its accepted point back to the loop, which
 * starts the next iteration from it: a typical iteration costs one job, as gradient descent does.
 *
 * <p>A pair with s·y ≤ 0 (curvature the line search did not guarantee, since it does not check
 * Wolfe's second condition) is not kept, so the implied Hessian stays positive definite.
 * When no trial decreases the loss enough, the weights stay, the memory is cleared, and the
 * next iteration starts again along the gradient. When that fails too, L-BFGS has stalled: the
 * loss cannot be lowered at the precision it is computed with (the exact sums resolve 2<sup>−64</sup>,
 * and a network that fits every training row drives the loss there). Every later search would
 * repeat the same trials from the same weights and fail the same way, so later steps leave the
 * weights as they are at no cost.
 */
public final class Lbfgs implements Optimizer {
    /** Armijo's constant: accept a step that achieves this fraction of the decrease the slope promises. */
    private static final double SUFFICIENT_DECREASE = 1e-4;
    private static final int MAX_TRIALS = 10;

    private final int history;
    private final int parameters;
    private final List<double[]> steps = new ArrayList<>();            // s, oldest first
    private final List<double[]> gradientChanges = new ArrayList<>();  // y, oldest first
    private boolean stalled;

    /** @param history how many (s, y) pairs to keep */
    public Lbfgs(int history, int parameters) {
        this.history = history;
        this.parameters = parameters;
    }

    @Override
    public <V extends Objective.Value> Optional<V> step(double[] w, V at, Objective<V> objective, int iteration) {
        if (stalled) {
            return Optional.of(at);
        }
        double[] gradient = at.gradient();
        double loss = at.loss();
        double[] direction = direction(gradient);
        if (!(dot(gradient, direction) < 0)) {
            // Not a descent direction (rounding, or curvature the memory misjudges): start over.
            forget();
            direction = direction(gradient);
        }
        double slope = dot(gradient, direction);
        if (slope == 0) {
            return Optional.of(at);   // the gradient is zero: nothing to descend
        }
        // Without curvature information the direction is −∇; its first trial step has length 1.
        double length = steps.isEmpty() ? 1 / Math.sqrt(-slope) : 1;
        // A trial whose promised decrease is below the loss's rounding cannot be told from none.
        for (int trial = 0; trial < MAX_TRIALS && -length * slope > Math.ulp(loss); trial++) {
            double[] candidate = w.clone();
            axpy(length, direction, candidate);
            V there = objective.at(candidate);
            double change = there.loss() - loss;
            if (change <= SUFFICIENT_DECREASE * length * slope) {
                remember(difference(candidate, w), difference(there.gradient(), gradient));
                System.arraycopy(candidate, 0, w, 0, w.length);
                return Optional.of(there);
            }
            length = shorter(length, slope, change);
        }
        stalled = steps.isEmpty();
        forget();
        return Optional.of(at);   // the weights stay
    }

    /**
     * The minimiser of the parabola through the loss at length 0 (value and slope) and at
     * {@code length}, kept within [0.1, 0.5]·{@code length} so the search neither stalls nor
     * leaps. An infinite loss gives the lower bound.
     */
    private static double shorter(double length, double slope, double change) {
        double minimiser = -slope * length * length / (2 * (change - slope * length));
        if (!(minimiser > 0.1 * length)) {
            return 0.1 * length;
        }
        return Math.min(0.5 * length, minimiser);
    }

    /** −H·∇ by the two-loop recursion, H the inverse Hessian estimate the memory implies. */
    private double[] direction(double[] gradient) {
        int k = steps.size();
        double[] q = gradient.clone();
        double[] alpha = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            alpha[i] = dot(steps.get(i), q) / dot(gradientChanges.get(i), steps.get(i));
            axpy(-alpha[i], gradientChanges.get(i), q);
        }
        if (k > 0) {
            // H0 = γ·I with γ = s·y / y·y of the newest pair: the scale of the curvature.
            double[] s = steps.get(k - 1);
            double[] y = gradientChanges.get(k - 1);
            scale(dot(s, y) / dot(y, y), q);
        }
        for (int i = 0; i < k; i++) {
            double beta = dot(gradientChanges.get(i), q) / dot(gradientChanges.get(i), steps.get(i));
            axpy(alpha[i] - beta, steps.get(i), q);
        }
        scale(-1, q);
        return q;
    }

    private void remember(double[] s, double[] y) {
        if (!(dot(s, y) > 0)) {
            return;
        }
        if (steps.size() == history) {
            steps.remove(0);
            gradientChanges.remove(0);
        }
        steps.add(s);
        gradientChanges.add(y);
    }

    private void forget() {
        steps.clear();
        gradientChanges.clear();
    }

    /**
     * The memory as {@code s_0, y_0, s_1, y_1, ...}, oldest pair first. Whether the search has
     * stalled is not part of it: a restored optimizer finds that out again in one step, with
     * the same result.
     */
    @Override
    public Map<String, double[]> state() {
        Map<String, double[]> state = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            state.put("s_" + i, steps.get(i));
            state.put("y_" + i, gradientChanges.get(i));
        }
        return state;
    }

    @Override
    public void restore(Map<String, double[]> state) {
        int pairs = state.size() / 2;
        if (pairs > history) {
            throw new IllegalArgumentException("the optimizer's state holds " + pairs
                    + " L-BFGS pairs, more than the " + history + " it keeps (lbfgs-history)");
        }
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < pairs; i++) {
            keys.add("s_" + i);
            keys.add("y_" + i);
        }
        OptimizerState.requireKeys(state, keys);
        List<double[]> s = new ArrayList<>();
        List<double[]> y = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            s.add(OptimizerState.copy(state, "s_" + i, parameters));
            y.add(OptimizerState.copy(state, "y_" + i, parameters));
        }
        forget();
        steps.addAll(s);
        gradientChanges.addAll(y);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** y += a·x. */
    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static void scale(double a, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
