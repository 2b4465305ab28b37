package digitnet.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines as Hadoop's line reader splits them (at {@code \n}, {@code \r\n} or a lone
 * {@code \r}) but keeps at most {@code maxChars} of each, counting the rest: a file with one
 * gigantic line, or none at all, cannot exhaust the driver's memory when it is read to report
 * a problem.
 */
final class BoundedLineReader implements Closeable {
    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8 * 1024];
    private int position;
    private int end;
    private long length;

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /**
     * The next line without its terminator, cut to its first {@code maxChars} characters, or
     * null at the end of the input; {@link #length()} then gives its whole length.
     */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        length = 0;
        boolean any = false;
        while (fill()) {
            any = true;
            int start = position;
            while (position < end && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            keep(line, start, position);
            if (position < end) {
                char terminator = buffer[position++];
                if (terminator == '\r' && fill() && buffer[position] == '\n') {
                    position++;
                }
                return line.toString();
            }
        }
        return any ? line.toString() : null;
    }

    /** The whole length of the line {@link #readLine()} returned last, in characters. */
    long length() {
        return length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void keep(StringBuilder line, int from, int to) {
        int room = (int) Math.max(0, Math.min(to - from, maxChars - length));
        line.append(buffer, from, room);
        length += to - from;
    }

    /** Whether a character is available, reading more when the buffer is used up. */
    private boolean fill() throws IOException {
        while (position == end) {
            int read = in.read(buffer, 0, buffer.length);
            if (read < 0) {
                return false;
            }
            position = 0;
            end = read;
        }
        return true;
    }
}
