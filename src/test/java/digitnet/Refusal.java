package digitnet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz targets' contract for a refusal: a message the command line prints as its one
 * {@code error:} line (or serve as its one-line reason), naming the place. Anything else a reader
 * throws fails the target, and so it is a finding.
 */
public final class Refusal {
    private Refusal() {}

    /** {@code message} is one line of printable text that starts with {@code place}. */
    public static void assertNames(String place, String message) {
        assertOneLine(message);
        assertTrue(message.startsWith(place), () -> "the message does not start with " + place + ": " + message);
    }

    /** {@code message} is one non-blank line without control characters, such as a file's bytes could bring. */
    public static void assertOneLine(String message) {
        assertTrue(message != null && !message.isBlank(), "no message");
        assertFalse(message.chars().anyMatch(Character::isISOControl),
                () -> "the message holds a control character: " + message.replaceAll("\\p{Cntrl}", "^"));
    }
}
