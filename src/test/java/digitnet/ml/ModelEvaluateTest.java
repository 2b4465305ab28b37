package digitnet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestModel;
import java.nio.file.Path;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model.evaluate(df): the numbers the evaluate command prints, for the same rows. */
class ModelEvaluateTest {
    @TempDir
    Path tmp;

    @Test
    void givesTheNumbersOfTheEvaluateCommand() throws Exception {
        Path out = tmp.resolve("evaluation");
        Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data",
                TestModel.data().toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        JsonNode json = new ObjectMapper().readTree(out.resolve("evaluation.json").toFile());

        DigitNetClassificationModel model = DigitNetClassificationModel.load(TestModel.run().toString());
        Dataset<Row> shuffled = Digits.frame(TestModel.data(), Digits::sparse, 3).orderBy(functions.rand(5));
        DigitNetClassificationSummary summary = model.evaluate(shuffled);

        assertEquals(json.get("rows").asLong(), summary.count());
        assertEquals(json.get("accuracy").asDouble(), summary.accuracy(), 0);
        assertEquals(json.get("loss").asDouble(), summary.loss(), 0, "the loss to the last bit, in any row order");
        Matrix confusion = summary.confusionMatrix();
        for (int d = 0; d < 10; d++) {
            JsonNode digit = json.get("per_digit").get(d);
            assertEquals(d, summary.labels()[d]);
            assertEquals(valueOf(digit.get("precision")), summary.precisionByLabel()[d], 0, "precision of " + d);
            assertEquals(valueOf(digit.get("recall")), summary.recallByLabel()[d], 0, "recall of " + d);
            assertEquals(valueOf(digit.get("f1")), summary.fMeasureByLabel()[d], 0, "F1 of " + d);
            for (int k = 0; k < 10; k++) {
                assertEquals(json.get("confusion_rows_true_columns_predicted").get(d).get(k).asDouble(),
                        confusion.apply(d, k), "true " + d + " predicted " + k);
            }
        }
        assertTrue(r.out().contains(summary.toString()), "the same tables as evaluate prints:\n" + summary);
        assertArrayEquals(new String[] {"label", "features", "id", "rawPrediction", "probability", "prediction"},
                summary.predictions().columns());
    }

    @Test
    void aRowThatIsNotALabelledDigitIsRefusedNamingTheColumn() {
        DigitNetClassificationModel model = DigitNetClassificationModel.load(TestModel.run().toString());
        Dataset<Row> frame = Digits.frame(TestModel.data(), Digits::sparse, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.evaluate(
                frame.withColumn("label", functions.when(functions.col("id").equalTo(3), 10.0).otherwise(functions.col("label")))));
        assertTrue(e.getMessage().startsWith("column label: label 10.0"), e.getMessage());
    }

    private static double valueOf(JsonNode node) {
        return node.isNull() ? Double.NaN : node.asDouble();
    }
}
