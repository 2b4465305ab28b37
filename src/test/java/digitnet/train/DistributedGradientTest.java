package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitnet.data.Augmentation;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.Tensors;
import digitnet.data.DevSet;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gradient from Spark (blocks, kernel, exact aggregation) against {@link NaiveNetwork}. */
class DistributedGradientTest {
    @TempDir
    Path tmp;

    @Test
    void equalsTheNaiveFormulasOverAllRows() {
        int rows = 2500;                       // three blocks
        Path file = TestData.sample(tmp.resolve("d.csv"), rows, 3);
        TrainingData data = TrainingData.load(SharedSpark.session(), StoredDigits.at(SharedSpark.session(), file.toString()), DevSet.none(), Augmentation.NONE, OptionalInt.of(3));
        Layout layout = new Layout(7);
        double[] w = Init.UNIFORM.draw(layout, 11);

        GradientSum sum = GradientJob.run(SharedSpark.context(), data, layout,
                new SparseKernel(), w, "test");
        double[] distributed = sum.gradient(1.0 / rows);

        List<String> lines = TestData.lines(file);
        int[] labels = new int[rows];
        int[][] pixels = new int[rows][];
        for (int r = 0; r < rows; r++) {
            labels[r] = TestData.fields(lines.get(r + 1))[0];
            pixels[r] = TestData.pixels(lines.get(r + 1));
        }
        double[] naive = NaiveNetwork.gradientAndLoss(layout, w, labels, pixels);

        assertEquals(rows, data.trainRows());
        Tensors.assertParamsClose(layout, Arrays.copyOf(naive, layout.size()), distributed, 1e-12);
        Tensors.assertClose("loss", new double[] {naive[layout.size()]},
                new double[] {sum.trainLoss() / rows}, 1e-12);
        data.blocks().unpersist(false);
    }
}
