package digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import digitnet.Refusal;
import digitnet.nn.Layout;

/**
 * Fuzz target for the body of {@code POST /predict} as {@code serve} reads it
 * ({@link DigitRequest#parse}). A body is one or more digits of 784 pixels 0..255, or refused
 * with a {@link BadRequest} (400) whose reason is one line. Corpus:
 * {@code src/test/resources/digitnet/serve/DigitRequestFuzzTestInputs/requestBody/}.
 */
class DigitRequestFuzzTest {

    @FuzzTest
    void requestBody(byte[] body) {
        DigitRequest request;
        try {
            request = DigitRequest.parse(body);
        } catch (BadRequest e) {
            assertEquals(BadRequest.BAD_REQUEST, e.status());
            Refusal.assertOneLine(e.getMessage());
            return;
        }
        assertTrue(request.rows().length >= 1);
        assertTrue(request.batch() || request.rows().length == 1);
        for (int[] row : request.rows()) {
            assertEquals(Layout.PIXELS, row.length);
            for (int pixel : row) {
                assertTrue(pixel >= 0 && pixel <= 255, "pixel " + pixel);
            }
        }
    }
}
