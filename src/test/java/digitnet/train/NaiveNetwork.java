package digitnet.train;

import digitnet.nn.Layout;

/**
 * The notebook's formulas as whole-matrix operations over all m rows, single-threaded, as
 * literally as the markdown writes them: the independent reference for the distributed gradient.
 */
final class NaiveNetwork {
    private NaiveNetwork() {}

    /** Mean gradient (laid out as {@link Layout}) followed by the mean loss. */
    static double[] gradientAndLoss(Layout l, double[] w, int[] labels, int[][] pixels) {
        int h = l.hidden();
        int m = labels.length;
        double[][] x = new double[Layout.PIXELS][m];            // X (784×m) = pixels / 255
        for (int j = 0; j < m; j++) {
            for (int p = 0; p < Layout.PIXELS; p++) {
                x[p][j] = pixels[j][p] / 255.;
            }
        }
        double[][] w1 = matrix(w, l.w1(), h, Layout.PIXELS);
        double[][] b1 = matrix(w, l.b1(), h, 1);
        double[][] w2 = matrix(w, l.w2(), Layout.CLASSES, h);
        double[][] b2 = matrix(w, l.b2(), Layout.CLASSES, 1);

        double[][] z1 = addColumn(dot(w1, x), b1);              // Z1 = W1·X + b1
        double[][] a1 = new double[h][m];                       // A1 = ReLU(Z1)
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < m; j++) {
                a1[i][j] = Math.max(z1[i][j], 0);
            }
        }
        double[][] z2 = addColumn(dot(w2, a1), b2);             // Z2 = W2·A1 + b2
        double[][] a2 = new double[Layout.CLASSES][m];          // A2 = softmax(Z2), column-wise
        double loss = 0;
        for (int j = 0; j < m; j++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < Layout.CLASSES; k++) {
                max = Math.max(max, z2[k][j]);
            }
            double sum = 0;
            for (int k = 0; k < Layout.CLASSES; k++) {
                sum += Math.exp(z2[k][j] - max);
            }
            for (int k = 0; k < Layout.CLASSES; k++) {
                a2[k][j] = Math.exp(z2[k][j] - max) / sum;
            }
            loss -= Math.log(a2[labels[j]][j]);
        }
        double[][] dz2 = new double[Layout.CLASSES][m];         // dZ2 = A2 − Y
        for (int k = 0; k < Layout.CLASSES; k++) {
            for (int j = 0; j < m; j++) {
                dz2[k][j] = a2[k][j] - (labels[j] == k ? 1 : 0);
            }
        }
        double[][] dw2 = scale(dot(dz2, transpose(a1)), 1.0 / m);   // dW2 = 1/m dZ2·A1ᵀ
        double[][] db2 = scale(rowSums(dz2), 1.0 / m);              // db2 = 1/m Σ dZ2
        double[][] dz1 = dot(transpose(w2), dz2);                   // dZ1 = W2ᵀ·dZ2 .* g′(Z1)
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < m; j++) {
                dz1[i][j] *= z1[i][j] > 0 ? 1 : 0;
            }
        }
        double[][] dw1 = scale(dot(dz1, transpose(x)), 1.0 / m);    // dW1 = 1/m dZ1·Xᵀ
        double[][] db1 = scale(rowSums(dz1), 1.0 / m);              // db1 = 1/m Σ dZ1

        double[] out = new double[l.size() + 1];
        flatten(dw1, out, l.w1());
        flatten(db1, out, l.b1());
        flatten(dw2, out, l.w2());
        flatten(db2, out, l.b2());
        out[l.size()] = loss / m;
        return out;
    }

    private static double[][] matrix(double[] w, int offset, int rows, int cols) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(w, offset + i * cols, a[i], 0, cols);
        }
        return a;
    }

    private static void flatten(double[][] a, double[] out, int offset) {
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, out, offset + i * a[i].length, a[i].length);
        }
    }

    private static double[][] dot(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] addColumn(double[][] a, double[][] column) {
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                a[i][j] += column[i][0];
            }
        }
        return a;
    }

    private static double[][] rowSums(double[][] a) {
        double[][] s = new double[a.length][1];
        for (int i = 0; i < a.length; i++) {
            for (double v : a[i]) {
                s[i][0] += v;
            }
        }
        return s;
    }

    private static double[][] scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
        return a;
    }
}
