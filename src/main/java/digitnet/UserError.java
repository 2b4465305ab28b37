package digitnet;

import java.util.regex.Pattern;

/**
 * A problem the user can fix: bad input, a bad setting, an unwritable output.
 *
 * <p>The command line prints {@code error: } followed by the message, with no stack trace,
 * and exits non-zero. The message names the file, the place in it and what is wrong.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Control characters (C0 and C1) and Unicode format characters (bidirectional overrides among them). */
    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cc}\\p{Cf}]");

    private final int exitCode;

    public UserError(String message) {
        this(message, 1);
    }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /**
     * Text taken from a file or a request, fit to quote in a message: every control or format
     * character shown as {@code ?}, so that bytes a terminal would take as commands, or that
     * reorder the line, cannot garble the one line the error is.
     */
    public static String printable(String untrusted) {
        return UNPRINTABLE.matcher(untrusted).replaceAll("?");
    }

    /** At most {@code max} characters of text from a file or a request, {@link #printable}, "..." where it is cut. */
    public static String abbreviate(String untrusted, int max) {
        return printable(untrusted.length() <= max ? untrusted : untrusted.substring(0, max) + "...");
    }

    /** 2 for invalid settings (as for a bad command line), 1 for bad input data. */
    public int exitCode() {
        return exitCode;
    }
}
