package digitnet.cli;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A {@code train} run's claim on its folder: an operating-system lock on {@value #FILE} in it,
 * held while the run lives. A second run into the same folder, fresh or resumed, is refused at
 * once instead of overwriting the first. The operating system drops the lock when the process
 * ends however it ends, so a killed run never leaves a stale claim; the file itself is deleted
 * when the run closes its claim, and so is the folder if the run created it and wrote nothing.
 */
final class RunLock implements AutoCloseable {
    static final String FILE = ".train.lock";

    private final Path runDir;
    private final Path file;
    private final boolean createdFolder;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path runDir, Path file, boolean createdFolder, FileChannel channel, FileLock lock) {
        this.runDir = runDir;
        this.file = file;
        this.createdFolder = createdFolder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code runDir}, creating it if needed.
     *
     * @throws UserError naming the folder when another live run holds it, or it cannot be created
     */
    static RunLock claim(Path runDir) {
        boolean createdFolder = !Files.exists(runDir);
        Path file = runDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(runDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Object openedKey = fileKey(file);
            FileLock lock = tryLock(channel);
            // A run that just ended deletes its lock file: a lock on the file it deleted claims nothing.
            if (lock == null || openedKey == null || !Objects.equals(openedKey, fileKey(file))) {
                throw new UserError(runDir + " is in use by another train run (it holds " + file
                        + "); wait for that run to end, or choose another --out", 2);
            }
            return new RunLock(runDir, file, createdFolder, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UserError(runDir + ": cannot claim the run folder: " + AtomicFiles.reason(e));
        } catch (UserError e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
            if (createdFolder) {
                try (var left = Files.list(runDir)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(runDir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UserError(runDir + ": cannot release the run folder: " + AtomicFiles.reason(e));
        }
    }

    /** The lock, or null when another process, or another run in this one, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases any lock; there is nothing more to undo.
            }
        }
    }
}
