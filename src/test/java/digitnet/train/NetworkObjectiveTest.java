package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import digitnet.data.Augmentation;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.data.DevSet;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkObjectiveTest {
    @TempDir
    static Path tmp;
    static TrainingData data;
    static final Layout LAYOUT = new Layout(3);

    @BeforeAll
    static void load() {
        Path csv = TestData.sample(tmp.resolve("train.csv"), 120, 2);
        data = TrainingData.load(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), csv.toString()), DevSet.seeded(20, 0), Augmentation.NONE, OptionalInt.of(2));
    }

    @AfterAll
    static void release() {
        data.blocks().unpersist(false);
    }

    private static NetworkObjective objective(double weightDecay) {
        return new NetworkObjective(SharedSpark.context(), data, LAYOUT, new SparseKernel(), weightDecay);
    }

    @Test
    void weightDecayAddsLambdaWToTheWeightsGradientAndHalfLambdaWSquaredToTheLoss() {
        double[] w = Init.HE.draw(LAYOUT, 3);
        for (int i = LAYOUT.b1(); i < LAYOUT.w2(); i++) {
            w[i] = 0.25;                      // non-zero biases, which must not be penalised
        }
        NetworkObjective.Evaluation plain = objective(0).evaluate(w, "test");
        NetworkObjective.Evaluation decayed = objective(0.5).evaluate(w, "test");

        double squares = 0;
        for (int i = 0; i < w.length; i++) {
            boolean isWeight = i < LAYOUT.b1() || i >= LAYOUT.w2() && i < LAYOUT.b2();
            squares += isWeight ? w[i] * w[i] : 0;
            double expected = plain.gradient()[i] + (isWeight ? 0.5 * w[i] : 0);
            assertEquals(expected, decayed.gradient()[i], 1e-15, "gradient " + i);
        }
        assertEquals(plain.loss() + 0.25 * squares, decayed.loss(), 1e-12);
        assertEquals(plain.trainLoss(), decayed.trainLoss(), "the reported loss is the cross-entropy alone");
    }

    @Test
    void eachEvaluationIsOneJobAndTheSamePointGivesTheSameBits() {
        NetworkObjective f = objective(0);
        double[] w = Init.HE.draw(LAYOUT, 4);
        NetworkObjective.Evaluation first = f.evaluate(w, "test");
        NetworkObjective.Evaluation again = f.evaluate(w.clone(), "test");
        assertEquals(2, f.jobs(), "no memory of earlier points: the optimizer hands evaluations back instead");
        assertEquals(Double.doubleToRawLongBits(first.loss()), Double.doubleToRawLongBits(again.loss()));
        assertArrayEquals(first.gradient(), again.gradient(), 0);
    }
}
