package digitnet.io;

import digitnet.UserError;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file.
 *
 * <p>A training run that is killed, or a disk that fills up, while a model or report is being
 * saved must not destroy the previous good file. So the content goes to a hidden temporary file
 * in the same directory, is forced to disk, and only then renamed over the target in one atomic
 * step. On any failure the temporary file is deleted and the target is left as it was.
 */
public final class AtomicFiles {

    /** Like {@link java.util.function.Consumer}, but allowed to throw {@link IOException}. */
    @FunctionalInterface
    public interface IOConsumer<T> {
        void accept(T t) throws IOException;
    }

    static final int BUFFER_SIZE = 64 * 1024;

    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} atomically with whatever {@code body} writes.
     *
     * <p>The stream given to {@code body} is buffered, so small writes are cheap. The body may
     * close it (for example by closing a wrapping stream); that only flushes.
     *
     * @throws UserError if the directory or the target cannot be written; the message names the
     *     target and the reason
     */
    public static void write(Path target, IOConsumer<OutputStream> body) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UserError("cannot write " + target + ": it is a directory");
        }
        Path temp = directory.resolve(temporaryName(absolute.getFileName().toString()));

        FileChannel channel;
        try {
            // CREATE_NEW never follows a symbolic link planted at the temporary name.
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new UserError("cannot write " + target + ": directory " + directory
                    + " does not exist; create it first");
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + reason(e));
        }

        boolean moved = false;
        try {
            try (channel) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
                body.accept(new CloseShieldOutputStream(out));
                out.flush();
                // Without this the rename can reach the disk before the data does, and a crash
                // would leave an empty or partial file under the target's name.
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + reason(e));
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Fails before any work is done when {@code target} clearly cannot be written: it is a
     * directory, or its directory does not exist or is read-only. {@link #write} still reports
     * whatever else goes wrong when it writes.
     */
    public static void checkWritable(Path target) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UserError("cannot write " + target + ": it is a directory");
        }
        if (!Files.isDirectory(directory)) {
            throw new UserError("cannot write " + target + ": directory " + directory
                    + " does not exist; create it first");
        }
        if (!Files.isWritable(directory)) {
            throw new UserError("cannot write " + target + ": directory " + directory + " is not writable");
        }
    }

    /** Replaces {@code target} atomically with {@code text} encoded as UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A short human-readable reason for an I/O failure. NIO exceptions often carry only the path
     * as their message, which would repeat the path the caller already names.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** The hidden name, unique to one write, that a file named {@code name} is written under before its rename. */
    static String temporaryName(String name) {
        return "." + name + ".tmp-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // The original failure is what the user needs to see; a leftover hidden
            // temporary file is harmless.
        }
    }

    /**
     * Keeps the file open when the body closes its stream: the file must still be flushed,
     * forced and renamed afterwards.
     */
    static final class CloseShieldOutputStream extends FilterOutputStream {
        CloseShieldOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            // FilterOutputStream would otherwise write one byte at a time.
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
