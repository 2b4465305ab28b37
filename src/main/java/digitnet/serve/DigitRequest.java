package digitnet.serve;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import digitnet.UserError;
import digitnet.nn.Layout;
import java.io.IOException;

/**
 * The body of {@code POST /predict}, read as untrusted input: {@code {"pixels": [784 numbers]}}
 * for one digit or {@code {"rows": [[784 numbers], ...]}} for a batch, each number a whole pixel
 * value 0..255 as in the data files. Anything else is a {@link BadRequest} naming the first
 * problem and where it is.
 *
 * @param rows  the digits' pixels, one row of 784 values each
 * @param batch whether they came as {@code rows} (answered as a list) rather than {@code pixels}
 */
record DigitRequest(int[][] rows, boolean batch) {
    static final String EXPECTED = "expected {\"pixels\": [784 numbers 0-255]} or {\"rows\": [[784 numbers 0-255], ...]}";

    /**
     * Strict JSON: a key given twice is an error, not a guess (and so is anything after the value,
     * below). Errors never quote the body back (Jackson 2.15 did by default, later lines do not).
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    /** How much of a bad value an error quotes. */
    private static final int QUOTED_CHARS = 40;

    static DigitRequest parse(byte[] body) {
        JsonNode json;
        try (JsonParser parser = JSON.createParser(body)) {
            try {
                json = JSON.readTree(parser);
                if (json != null && parser.nextToken() != null) {
                    throw new BadRequest("not JSON " + place(parser.currentTokenLocation()) + ": more follows the value");
                }
            } catch (JsonProcessingException e) {
                // Where the parser stopped, not the exception's location: Jackson 2.21 (Spark 4.x) moved
                // that to the token's start for some errors, 2.15 (Spark 3.5) did not; the same request
                // gets the same answer on both lines.
                throw new BadRequest("not JSON " + place(parser.currentLocation()) + ": " + UserError.printable(reason(e)));
            }
        } catch (IOException e) {
            throw new BadRequest("not JSON: " + e.getMessage());
        }
        if (json == null || json.isMissingNode()) {
            throw new BadRequest("empty body; " + EXPECTED);
        }
        JsonNode pixels = json.get("pixels");
        JsonNode rows = json.get("rows");
        if (!json.isObject() || (pixels == null) == (rows == null)) {
            throw new BadRequest(EXPECTED);
        }
        if (pixels != null) {
            return new DigitRequest(new int[][] {digit(pixels, "pixels")}, false);
        }
        if (!rows.isArray() || rows.isEmpty()) {
            throw new BadRequest("rows: " + (rows.isArray() ? "no rows" : "not a list") + "; " + EXPECTED);
        }
        int[][] digits = new int[rows.size()][];
        for (int r = 0; r < digits.length; r++) {
            digits[r] = digit(rows.get(r), "rows[" + r + "]");
        }
        return new DigitRequest(digits, true);
    }

    /** The 784 pixel values of {@code node}, found at {@code where} in the request. */
    private static int[] digit(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new BadRequest(where + ": " + quote(node) + " is not a list of " + Layout.PIXELS + " numbers");
        }
        if (node.size() != Layout.PIXELS) {
            throw new BadRequest(where + ": " + node.size() + " values, expected " + Layout.PIXELS);
        }
        int[] pixels = new int[Layout.PIXELS];
        for (int p = 0; p < Layout.PIXELS; p++) {
            pixels[p] = pixel(node.get(p), where + "[" + p + "]");
        }
        return pixels;
    }

    private static int pixel(JsonNode value, String where) {
        if (!value.isNumber()) {
            throw new BadRequest(where + ": " + quote(value) + " is not a number");
        }
        double v = value.asDouble();
        if (!(v >= 0 && v <= 255)) {
            throw new BadRequest(where + ": " + quote(value) + " is outside 0..255");
        }
        if (!value.canConvertToExactIntegral()) {
            throw new BadRequest(where + ": " + quote(value) + " is not a whole number; pixels are 0..255 as in the data files");
        }
        return value.asInt();
    }

    /** The value as JSON has it (numbers bare, strings quoted), cut short if long. */
    private static String quote(JsonNode value) {
        String text = value.isNumber() ? value.asText() : value.toString();
        return text.length() <= QUOTED_CHARS ? text : text.substring(0, QUOTED_CHARS) + "...";
    }

    private static String place(JsonLocation at) {
        return "at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Jackson's reason on one line, less its advice to programmers (features to enable, source names). */
    private static String reason(JsonProcessingException e) {
        return String.valueOf(e.getOriginalMessage())
                .replaceAll("(?s) \\(start marker at \\[Source: .*?; line: (\\d+), column: (\\d+)\\]\\)",
                        " opened at line $1, column $2")
                .replaceAll(": enable `[^`]*` to allow", "")
                .replaceAll("\\s+", " ").strip();
    }
}
