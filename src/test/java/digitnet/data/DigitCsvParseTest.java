package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import digitnet.nn.Layout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The parser's fast path for plain-digit lines must agree with the general one on every line. */
class DigitCsvParseTest {
    private final DigitCsv csv = DigitCsv.labelled();

    private static int[] fields() {
        int[] f = new int[1 + Layout.PIXELS];
        for (int i = 0; i < f.length; i++) {
            f[i] = (i * 37) % 256;
        }
        f[0] = 7;
        return f;
    }

    private static String line(int[] f, String separator) {
        return String.join(separator, Arrays.stream(f).mapToObj(Integer::toString).toArray(String[]::new));
    }

    @Test
    void plainAndSpacedLinesGiveTheSameValues() {
        int[] expected = fields();
        for (String text : new String[] {line(expected, ","), line(expected, ",") + "\r",
                line(expected, " , "), "00" + line(expected, ",")}) {
            int[] parsed = new int[expected.length];
            assertNull(csv.parse(text, parsed), text.substring(0, 20));
            assertArrayEquals(expected, parsed);
        }
    }

    @Test
    void badLinesAreNamedAsBefore() {
        int[] f = fields();
        int[] out = new int[f.length];
        String good = line(f, ",");
        assertEquals("has 784 fields, expected 785", csv.parse(good.substring(0, good.lastIndexOf(',')), out));
        assertEquals("has 786 fields, expected 785", csv.parse(good + ",0", out));
        assertEquals("label is 12, outside 0..9", csv.parse("12" + good.substring(1), out));
        assertEquals("pixel783 is 256, outside 0..255", csv.parse(good.substring(0, good.lastIndexOf(',')) + ",256", out));
        assertEquals("pixel0 is '1234567890', not a non-negative integer",
                csv.parse("7,1234567890" + good.substring(good.indexOf(',', 2)), out));
        assertEquals("pixel0 is '', not a non-negative integer", csv.parse("7," + good.substring(good.indexOf(',', 2)), out));
        assertEquals("pixel0 is -1, outside 0..255", csv.parse("7,-1" + good.substring(good.indexOf(',', 2)), out));
    }
}
