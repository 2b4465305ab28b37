package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.StoredAs;
import digitnet.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitLibsvmTest {
    private final DigitLibsvm libsvm = new DigitLibsvm();

    @TempDir
    Path tmp;

    /** Both scales of LIBSVM lines give back the CSV's label and pixels. */
    @Test
    void linesOnEitherScaleAreTheCsvsDigits() {
        Path csv = TestData.sample(tmp.resolve("digits.csv"), 50, 3);
        List<String> lines = TestData.lines(csv);
        for (boolean scaled : List.of(false, true)) {
            List<String> libsvmLines = StoredAs.libsvmLines(csv, scaled);
            for (int i = 0; i < libsvmLines.size(); i++) {
                int[] fields = new int[1 + DigitShape.PIXELS];
                assertNull(libsvm.parse(libsvmLines.get(i), fields), libsvmLines.get(i));
                assertArrayEquals(TestData.fields(lines.get(i + 1)), fields, "scaled " + scaled + ", row " + i);
            }
        }
    }

    @Test
    void blanksTabsAndCarriageReturnsAreSpacing() {
        int[] fields = new int[1 + DigitShape.PIXELS];
        assertNull(libsvm.parse("  7\t3:200   784:1\r", fields));
        assertEquals(7, fields[0]);
        assertEquals(200, fields[3]);
        assertEquals(1, fields[784]);
        assertNull(libsvm.parse("0", fields), "a blank digit lists no pixels");
        assertTrue(libsvm.isSkipped(" \t"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "3 0:5 2:7          | index 0 is outside 1..784 (LIBSVM indices count from 1)",
        "3 1:5 785:7        | index 785 is outside 1..784",
        "3 1:5 2:300        | value 300.0 at index 2 is outside 0..255",
        "3 1:5 2:-1         | value -1.0 at index 2 is outside 0..255",
        "3 1:0.5 2:NaN      | value 'NaN' at index 2 is not a number",
        "3 1:0.2 2:nan      | value 'nan' at index 2 is not a number",
        "3 1:255 2:0.5003   | value 255.0 at index 1 is outside 0..1 (the row is read as pixel/255 for its value 0.5003 at index 2",
        "3 1:0.5003         | value 0.5003 at index 1 is not a pixel/255",
        "10 1:5             | label 10.0 is not one of the digits 0..9",
        "3.5 1:5            | label 3.5 is not one of the digits 0..9",
        "-1 1:5             | label -1.0 is not one of the digits 0..9",
        "x 1:5              | label 'x' is not a number",
        "3 5:1 4:1          | index 4 follows index 5; indices must ascend",
        "3 5:1 5:2          | index 5 appears twice",
        "3 5                | '5' is not index:value (index an integer 1..784)",
        "3 a:1              | 'a:1' is not index:value",
        "3 :1               | ':1' is not index:value",
        "3 5:               | value '' at index 5 is not a number",
        "3 5:b              | value 'b' at index 5 is not a number",
        "'3,0,0,0'          | label '3,0,0,0' is not a number",
    })
    void badLinesAreNamed(String line, String problem) {
        String found = libsvm.parse(line, new int[1 + DigitShape.PIXELS]);
        assertTrue(found != null && found.startsWith(problem), "'" + line + "' gave: " + found);
    }

    @Test
    void aLineTooLongIsRefused() {
        String problem = libsvm.parse("3 " + "1:1 ".repeat(LineFormat.MAX_LINE_CHARS / 4), new int[1 + DigitShape.PIXELS]);
        assertTrue(problem.startsWith("is 65538 characters long, more than the limit of 65536 (a digit line has at "
                + "most about 12,000)"), problem);
    }
}
