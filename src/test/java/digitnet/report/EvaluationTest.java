package digitnet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.model.Prediction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationTest {

    private static Prediction prediction(int label, int predicted) {
        double[] p = new double[10];
        p[predicted] = 1;
        return new Prediction(0, label, predicted, p, 0.5);
    }

    @Test
    void scoresFromTheConfusionMatrix() {
        List<Prediction> all = new ArrayList<>();
        // Three 1s: two called 1, one called 7. One 7 called 7. Nothing is a 0 or called 0.
        all.add(prediction(1, 1));
        all.add(prediction(1, 1));
        all.add(prediction(1, 7));
        all.add(prediction(7, 7));
        Evaluation e = Evaluation.of(all);

        assertEquals(4, e.rows());
        assertEquals(3, e.correct());
        assertEquals(0.75, e.accuracy());
        assertEquals(0.5, e.loss());
        assertEquals(1, e.confusion()[1][7]);
        assertEquals(1.0, e.precision(1));
        assertEquals(2.0 / 3, e.recall(1));
        assertEquals(0.8, e.f1(1), 1e-15);
        assertEquals(0.5, e.precision(7));
        assertEquals(1.0, e.recall(7));
        assertTrue(Double.isNaN(e.precision(0)) && Double.isNaN(e.recall(0)) && Double.isNaN(e.f1(0)));
    }

    @Test
    void undefinedRatiosAreDashesInTablesAndNullInJson() {
        Evaluation e = Evaluation.of(List.of(prediction(1, 1), prediction(1, 7)));
        String tables = e.tables();
        assertTrue(tables.contains("    0          -       -       -        0"), tables);
        assertTrue(tables.contains("    1     1.0000  0.5000  0.6667        2"), tables);
        assertTrue(tables.contains("         1    0    1    0    0    0    0    0    1    0    0"), tables);
        String json = e.json("m", "d", "all rows");
        assertTrue(json.contains("\"precision\" : null"), json);
        assertTrue(json.contains("\"accuracy\" : 0.5"), json);
    }
}
