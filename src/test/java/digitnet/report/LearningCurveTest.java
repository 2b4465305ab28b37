package digitnet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.UserError;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
    @TempDir
    Path tmp;

    @Test
    void drawsARunWithoutDevRowsAndFindsColumnsByName() throws Exception {
        Path csv = Files.writeString(tmp.resolve("metrics.csv"),
                "iteration_ms,iteration,dev_accuracy,train_accuracy,loss\n3,0,,0.1,2.3\n3,1,,0.2,2.1\n");
        BufferedImage image = LearningCurve.draw(csv);
        assertEquals(LearningCurve.WIDTH, image.getWidth());
        assertEquals(LearningCurve.HEIGHT, image.getHeight());
    }

    @Test
    void namesTheLineThatIsNotNumbers() throws Exception {
        Path csv = Files.writeString(tmp.resolve("metrics.csv"),
                "iteration,loss,train_accuracy,dev_accuracy,iteration_ms\n0,2.3,0.1,0.1,3\n1,oops,0.2,0.2,3\n");
        UserError e = assertThrows(UserError.class, () -> LearningCurve.draw(csv));
        assertTrue(e.getMessage().startsWith(csv + " line 3: "), e.getMessage());
    }

    @Test
    void aPictureThatCannotBeDrawnIsOneErrorNamingIt() {
        UserError e = assertThrows(UserError.class, () -> Png.render("x.png", () -> {
            throw new NullPointerException("no fonts");
        }));
        assertTrue(e.getMessage().startsWith("cannot draw x.png: java.lang.NullPointerException: no fonts"), e.getMessage());
    }
}
