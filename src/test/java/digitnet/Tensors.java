package digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import digitnet.nn.Layout;
import java.util.Arrays;

/**
 * The one comparison helper of numeric tests: checks lengths, then values, and on failure names
 * the tensor, the index and the worst difference.
 */
public final class Tensors {
    private Tensors() {}

    /** Max |actual − expected| must be ≤ {@code relative} × max |expected| (or ≤ relative if all zero). */
    public static void assertClose(String name, double[] expected, double[] actual, double relative) {
        assertEquals(expected.length, actual.length, name + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = -1;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= worst) || Double.isNaN(d)) {
                worst = d;
                at = i;
            }
        }
        double allowed = relative * Math.max(scale, 1e-300);
        if (expected.length > 0 && !(worst <= allowed)) {
            fail(String.format("%s: worst difference %.3g at [%d] (expected %.17g, got %.17g), allowed %.3g",
                    name, worst, at, expected[at], actual[at], allowed));
        }
    }

    /** Compares W1, b1, W2 and b2 of two flat parameter arrays separately, each relative to its own scale. */
    public static void assertParamsClose(Layout l, double[] expected, double[] actual, double relative) {
        int[][] parts = {{l.w1(), l.b1()}, {l.b1(), l.w2()}, {l.w2(), l.b2()}, {l.b2(), l.size()}};
        String[] names = {"W1", "b1", "W2", "b2"};
        for (int i = 0; i < parts.length; i++) {
            assertClose(names[i], Arrays.copyOfRange(expected, parts[i][0], parts[i][1]),
                    Arrays.copyOfRange(actual, parts[i][0], parts[i][1]), relative);
        }
    }
}
