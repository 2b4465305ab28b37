package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weightCol: Σ wᵢ·lossᵢ / Σ wᵢ, exact and reproducible, weight 1 the unweighted model, bad weights refused. */
class SampleWeightsTest {
    @TempDir
    static Path tmp;

    private static Path csv;

    @BeforeAll
    static void sample() {
        csv = TestData.sample(tmp.resolve("digits.csv"), 400, 13);
    }

    private static DigitNetClassifier estimator() {
        return new DigitNetClassifier().setHidden(8).setMaxIter(15).setSeed(2);
    }

    private static byte[] npz(DigitNetClassificationModel model, String name) throws Exception {
        Path file = tmp.resolve(name + ".npz");
        model.exportNpz(file.toString());
        return Files.readAllBytes(file);
    }

    @Test
    void weightOneEverywhereGivesTheUnweightedModelBytes() throws Exception {
        Dataset<Row> frame = Digits.frame(csv, Digits::sparse, 3);
        DigitNetClassifier withDev = estimator().setDevRows(50);
        byte[] unweighted = npz(withDev.fit(frame), "unweighted");
        DigitNetClassificationModel ones = withDev.copy(ParamMap.empty()).setWeightCol("w")
                .fit(frame.withColumn("w", functions.lit(1)));
        assertArrayEquals(unweighted, npz(ones, "ones"));
        DigitNetTrainingSummary summary = ones.summary().orElseThrow();
        assertEquals(350, summary.trainRows());
    }

    @Test
    void integerWeightsAgreeWithTheRowsRepeated() throws Exception {
        Column copies = functions.col("id").mod(4).cast("int");   // 0, 1, 2 and 3 copies
        Dataset<Row> weighted = Digits.frame(csv, Digits::sparse, 2).withColumn("w", copies);
        Dataset<Row> repeated = weighted.withColumn("copy", functions.explode(functions.array_repeat(functions.lit(true),
                functions.col("w"))));
        assertEquals(600, repeated.count());

        DigitNetClassificationModel byWeight = estimator().setWeightCol("w").fit(weighted);
        DigitNetClassificationModel byCopies = estimator().fit(repeated);
        for (String array : List.of("W1", "b1", "W2", "b2")) {
            assertClose(array, byCopies.weights(array), byWeight.weights(array), 1e-12);
        }
        DigitNetTrainingSummary a = byWeight.summary().orElseThrow();
        DigitNetTrainingSummary b = byCopies.summary().orElseThrow();
        assertClose("loss", b.loss(), a.loss(), 1e-12);
        assertTrue(a.loss()[a.loss().length - 1] < a.loss()[0], "the weighted loss falls");
    }

    @Test
    void theWeightedModelIsTheSameWhateverThePartitioningAndRowOrder() throws Exception {
        Column weight = functions.col("id").mod(5).multiply(0.37).plus(0.1);
        DigitNetClassifier estimator = estimator().setWeightCol("w").setDevRows(40);
        byte[] one = npz(estimator.fit(Digits.frame(csv, Digits::dense, 1).withColumn("w", weight)), "w-1");
        Dataset<Row> shuffled = Digits.frame(csv, Digits::sparse, 4).withColumn("w", weight)
                .orderBy(functions.rand(3));
        assertArrayEquals(one, npz(estimator.fit(shuffled), "w-4-shuffled"));
    }

    @Test
    void badWeightsAreRefusedNamingTheRow() {
        Dataset<Row> frame = Digits.frame(csv, Digits::sparse, 1).cache();
        long row = frame.select("id").collectAsList().stream().map(r -> r.getLong(0)).toList().indexOf(7L);
        Column id7 = functions.col("id").equalTo(7);
        assertRefused(frame.withColumn("w", functions.when(id7, Double.NaN).otherwise(1.0)),
                "column w, row " + row + " (counting from 0): weight NaN is not a finite number");
        assertRefused(frame.withColumn("w", functions.when(id7, -0.5).otherwise(1.0)),
                "column w, row " + row + " (counting from 0): weight -0.5 is negative; weights must be 0 or more");
        assertRefused(frame.withColumn("w", functions.when(id7, functions.lit(null)).otherwise(1.0)),
                "column w, row " + row + " (counting from 0): the weight is null");
        assertRefused(frame.withColumn("w", functions.lit(0.0)), "column w: every weight is 0, so there is nothing to learn from");
    }

    private static void assertRefused(Dataset<Row> frame, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> estimator().setMaxIter(1).setWeightCol("w").fit(frame));
        assertEquals(message, e.getMessage());
    }

    private static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= tolerance,
                    what + "[" + i + "]: " + expected[i] + " against " + actual[i]);
        }
    }
}
