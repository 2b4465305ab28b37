package digitnet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.UserError;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningCurveTest {
    @TempDir
    Path tmp;

    /**
     * The columns come in another order than metrics.csv's, so a reader that took them by
     * position would draw the accuracy as the loss: the loss line must fall across the plot and
     * the train accuracy line rise, and with no dev values there is no dev line at all.
     */
    @Test
    void drawsARunWithoutDevRowsAndFindsColumnsByName() throws Exception {
        StringBuilder csv = new StringBuilder("iteration_ms,iteration,dev_accuracy,train_accuracy,loss\n");
        for (int i = 0; i <= 10; i++) {
            csv.append("3,").append(i).append(",,").append(0.1 + 0.08 * i).append(',').append(2.3 - 0.18 * i).append('\n');
        }
        BufferedImage image = LearningCurve.draw(Files.writeString(tmp.resolve("metrics.csv"), csv));
        assertEquals(LearningCurve.WIDTH, image.getWidth());
        assertEquals(LearningCurve.HEIGHT, image.getHeight());

        Line loss = Line.of(image, LearningCurve.LOSS_COLOR);
        Line train = Line.of(image, LearningCurve.TRAIN_COLOR);
        assertNotNull(loss, "no loss line");
        assertNotNull(train, "no train accuracy line");
        assertTrue(loss.width() > LearningCurve.WIDTH / 2, "the loss line spans the plot: " + loss);
        assertTrue(train.width() > LearningCurve.WIDTH / 2, "the train accuracy line spans the plot: " + train);
        assertTrue(loss.leftY() < loss.rightY(), "the loss falls (y grows downwards): " + loss);
        assertTrue(train.leftY() > train.rightY(), "the train accuracy rises: " + train);
        assertTrue(loss.leftY() < train.leftY(), "loss 2.3 starts near the top, accuracy 0.1 near the bottom");
        assertNull(Line.of(image, LearningCurve.DEV_COLOR), "no dev values, no dev line");
    }

    /**
     * The pixels of one colour in the plot, above the legend (the bottom tenth of the picture,
     * which holds a short swatch of every line): the leftmost and rightmost columns it reaches
     * and its height there, or null when there are none.
     */
    private record Line(int left, int leftY, int right, int rightY) {
        static Line of(BufferedImage image, Color color) {
            Line line = null;
            for (int x = 0; x < image.getWidth(); x++) {
                for (int y = 0; y < image.getHeight() * 9 / 10; y++) {
                    if ((image.getRGB(x, y) & 0xFFFFFF) == (color.getRGB() & 0xFFFFFF)) {
                        line = line == null ? new Line(x, y, x, y) : new Line(line.left, line.leftY, x, y);
                        break;
                    }
                }
            }
            return line;
        }

        int width() {
            return right - left;
        }
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
