package digitnet.serve;

/**
 * A request the server refuses: it answers {@link #status()} with the message as its one-line
 * reason, and goes on serving.
 */
final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;

    private final int status;

    BadRequest(String reason) {
        this(BAD_REQUEST, reason);
    }

    BadRequest(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
