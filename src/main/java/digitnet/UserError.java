package digitnet;

/**
 * A problem the user can fix: bad input, a bad setting, an unwritable output.
 *
 * <p>The command line prints {@code error: } followed by the message, with no stack trace,
 * and exits non-zero. The message names the file, the place in it and what is wrong.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public UserError(String message) {
        this(message, 1);
    }

    public UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /** 2 for invalid settings (as for a bad command line), 1 for bad input data. */
    public int exitCode() {
        return exitCode;
    }
}
