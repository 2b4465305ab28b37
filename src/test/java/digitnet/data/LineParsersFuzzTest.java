package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import org.apache.hadoop.io.Text;

/**
 * Fuzz targets for one line of a data file as {@code train}, {@code predict} and {@code fit} parse
 * it on the executors: the fast path on the line's bytes ({@code parsePlain}), and otherwise
 * {@code parse} on its text. A line is accepted with every value in range, skipped, or refused
 * with a one-line problem (the driver puts the file and line number before it); the fast path
 * never accepts what {@code parse} refuses, nor reads other values. Corpora:
 * {@code src/test/resources/digitnet/data/LineParsersFuzzTestInputs/}.
 */
class LineParsersFuzzTest {
    private static final LineFormat[] CSV = {DigitCsv.labelled(), DigitCsv.unlabelled()};
    private static final LineFormat LIBSVM = new DigitLibsvm();

    @FuzzTest
    void csvLine(byte[] line) {
        for (LineFormat csv : CSV) {
            assertParsedAsExecutorsDo(csv, line);
        }
    }

    @FuzzTest
    void libsvmLine(byte[] line) {
        assertParsedAsExecutorsDo(LIBSVM, line);
    }

    private static void assertParsedAsExecutorsDo(LineFormat format, byte[] line) {
        int[] plain = new int[format.fieldCount()];
        boolean isPlain = format.parsePlain(line, line.length, plain);
        String text = new Text(line).toString();
        if (format.isSkipped(text)) {
            assertFalse(isPlain, "a skipped line parsed as a digit");
            return;
        }
        int[] fields = new int[format.fieldCount()];
        String problem = format.parse(text, fields);
        if (problem != null) {
            assertFalse(isPlain, () -> "the fast path accepted a line parse refuses: " + problem);
            Refusal.assertOneLine(problem);
            return;
        }
        int first = format.isLabelled() ? 1 : 0;
        if (format.isLabelled()) {
            assertTrue(fields[0] >= 0 && fields[0] <= DigitShape.MAX_LABEL, "label " + fields[0]);
        }
        for (int p = first; p < fields.length; p++) {
            assertTrue(fields[p] >= 0 && fields[p] <= DigitShape.MAX_PIXEL, "pixel " + fields[p]);
        }
        if (isPlain) {
            assertArrayEquals(fields, plain, "the fast path read other values than parse");
        }
    }
}
