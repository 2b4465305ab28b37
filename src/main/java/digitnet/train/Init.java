package digitnet.train;

import digitnet.nn.Layout;
import java.util.SplittableRandom;

/**
 * Starting weights, drawn from a generator seeded with {@code --seed}.
 * {@link #toString()} is the command line's spelling.
 */
public enum Init {
    /** The notebook's {@code np.random.rand(...) - 0.5}: weights and biases uniform in [−0.5, 0.5). */
    UNIFORM {
        @Override
        double weight(SplittableRandom random, int fanIn, int fanOut) {
            return random.nextDouble() - 0.5;
        }

        @Override
        double bias(SplittableRandom random) {
            return random.nextDouble() - 0.5;
        }
    },
    /** He et al. (2015) for ReLU layers: weights normal with variance 2/fan-in, biases zero. */
    HE {
        @Override
        double weight(SplittableRandom random, int fanIn, int fanOut) {
            return gaussian(random) * Math.sqrt(2.0 / fanIn);
        }

        @Override
        double bias(SplittableRandom random) {
            return 0;
        }
    },
    /**
     * Glorot and Bengio (2010): weights uniform in ±√(6 / (fan-in + fan-out)), so activations
     * and gradients keep their variance through a layer; biases zero.
     */
    XAVIER {
        @Override
        double weight(SplittableRandom random, int fanIn, int fanOut) {
            return (2 * random.nextDouble() - 1) * Math.sqrt(6.0 / (fanIn + fanOut));
        }

        @Override
        double bias(SplittableRandom random) {
            return 0;
        }
    };

    abstract double weight(SplittableRandom random, int fanIn, int fanOut);

    abstract double bias(SplittableRandom random);

    /** Draws W1, b1, W2, b2 in that order, each row-major, so a seed names one set of weights. */
    public double[] draw(Layout layout, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] w = new double[layout.size()];
        for (int i = layout.w1(); i < layout.b1(); i++) {
            w[i] = weight(random, Layout.PIXELS, layout.hidden());
        }
        for (int i = layout.b1(); i < layout.w2(); i++) {
            w[i] = bias(random);
        }
        for (int i = layout.w2(); i < layout.b2(); i++) {
            w[i] = weight(random, layout.hidden(), Layout.CLASSES);
        }
        for (int i = layout.b2(); i < layout.size(); i++) {
            w[i] = bias(random);
        }
        return w;
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }

    /** A standard normal draw by Box–Muller, written out so its bits never change with the JDK. */
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
