package digitnet.train;

/**
 * f(w) = ½·wᵀAw − bᵀw with A symmetric positive definite: a convex test function whose
 * minimum A⁻¹b is known.
 */
record Quadratic(double[][] a, double[] b) {
    /** A = [[4, 1], [1, 3]], b = (1, 2); A⁻¹ = [[3, −1], [−1, 4]] / 11, so the minimum is (1, 7) / 11. */
    static final Quadratic BOWL = new Quadratic(new double[][] {{4, 1}, {1, 3}}, new double[] {1, 2});

    Objective.Value at(double[] w) {
        int n = b.length;
        double[] gradient = new double[n];
        double loss = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                gradient[i] += a[i][j] * w[j];
            }
            loss += 0.5 * w[i] * gradient[i] - b[i] * w[i];
            gradient[i] -= b[i];
        }
        return Objective.Value.of(loss, gradient);
    }
}
