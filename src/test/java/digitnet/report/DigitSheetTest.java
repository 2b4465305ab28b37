package digitnet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import digitnet.data.Digit;
import digitnet.model.Prediction;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DigitSheetTest {

    @Test
    void framesWrongAnswersInRedAndCaptionsEveryDigit() {
        double[] p = {0.1, 0.7, 0.2, 0, 0, 0, 0, 0, 0, 0};
        Prediction right = new Prediction(3, 1, 1, p, 0.3);
        Prediction wrong = new Prediction(4, 2, 1, p, 1.6);
        byte[] pixels = new byte[784];
        pixels[14 * 28 + 14] = (byte) 255;
        Map<Long, Digit> digits = Map.of(3L, new Digit(1, pixels, null), 4L, new Digit(2, pixels, null));

        BufferedImage sheet = DigitSheet.draw(List.of(right, wrong), digits);
        assertEquals(2 * DigitSheet.TILE_WIDTH, sheet.getWidth());
        assertEquals(DigitSheet.TILE_HEIGHT, sheet.getHeight());
        int red = 0xC81E1E;
        assertNotEquals(red, sheet.getRGB(2, 60) & 0xFFFFFF, "the right answer has no frame");
        assertEquals(red, sheet.getRGB(DigitSheet.TILE_WIDTH + 2, 60) & 0xFFFFFF, "the wrong answer is framed");
        int centre = 4 + 14 * DigitSheet.SCALE + 1;
        assertEquals(0x000000, sheet.getRGB(centre, centre) & 0xFFFFFF, "pixel 255 is drawn black");

        assertEquals(List.of("1  (70.0%)", "#3  true 1"), DigitSheet.caption(right));
        assertEquals(List.of("1  (70.0%)", "#5"), DigitSheet.caption(new Prediction(5, Digit.NO_LABEL, 1, p, Double.NaN)));
    }
}
