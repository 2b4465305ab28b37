package digitnet.io;

import digitnet.UserError;
import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A file or folder on any Hadoop file system, the local one included, written and read the way
 * digitnet writes and reads its local files: a file is replaced atomically, so a reader finds
 * the old content or the complete new content and never half a file; a file is read by the
 * readers of local files, as untrusted input; and errors name the path as it was given.
 *
 * <p>A local path ({@code file:}, or a path without a scheme where the default file system is
 * the local one, or a {@code java.nio} path of the command line's) goes through
 * {@link AtomicFiles} and {@code java.nio}: the file forced to disk, then moved over its target
 * in one step, and no Hadoop {@code .crc} side files. On any other file system (HDFS, S3A, …)
 * the file is written under a hidden temporary name beside its target and, once closed, renamed
 * over it by {@link FileContext#rename} with {@link Options.Rename#OVERWRITE}, the rename HDFS
 * makes atomic (Spark's streaming checkpoints replace their files the same way); it is read
 * from a local copy, the errors naming the file by its own path.
 */
public abstract class HadoopPath {

    /** {@code path} on its Hadoop file system; one without a scheme is on the default file system, as Spark's paths are. */
    public static HadoopPath of(Configuration conf, String path) {
        Path given = new Path(path);
        try {
            FileSystem fs = given.getFileSystem(conf);
            Path qualified = fs.makeQualified(given);
            return "file".equals(fs.getUri().getScheme())
                    ? new Local(Paths.get(qualified.toUri()))
                    : new OnFileSystem(fs, qualified, given);
        } catch (IOException e) {
            throw new UserError(path + ": cannot reach its file system: " + AtomicFiles.reason(e));
        }
    }

    /** A local path, named as given (relative or not). */
    public static HadoopPath local(java.nio.file.Path path) {
        return new Local(path);
    }

    /** The file or folder {@code name} in this folder. */
    public abstract HadoopPath resolve(String name);

    /** The folder that holds this file or folder. */
    public abstract HadoopPath parent();

    /** Whether there is a file or folder here. */
    public abstract boolean exists();

    public abstract boolean isFile();

    public abstract boolean isDirectory();

    /** Creates this folder and its parents, where missing. */
    public abstract void createDirectories() throws IOException;

    /** The names of this folder's files and folders; none when there is no folder here. */
    public abstract List<String> list() throws IOException;

    /** Deletes the file or empty folder here, if there is one. */
    public abstract void delete() throws IOException;

    /**
     * Replaces the file here atomically with whatever {@code body} writes; the body may close
     * the stream. The folder must exist.
     *
     * @throws UserError naming the file and the reason when it cannot be written; it is then
     *     left as it was
     */
    public abstract void write(AtomicFiles.IOConsumer<OutputStream> body);

    /** Replaces the file here atomically with {@code text} encoded as UTF-8. */
    public void writeString(String text) {
        write(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * What {@code reader} makes of the file here, given as a local file: the file itself, or a
     * copy that lives as long as the call. A {@link UserError} of the reader names this path.
     */
    public abstract <T> T read(Function<java.nio.file.Path, T> reader);

    /** The path as given, with the names resolved since. */
    @Override
    public abstract String toString();

    /** A path on the local file system, through {@code java.nio}. */
    private static final class Local extends HadoopPath {
        private final java.nio.file.Path path;

        Local(java.nio.file.Path path) {
            this.path = path;
        }

        @Override
        public HadoopPath resolve(String name) {
            return new Local(path.resolve(name));
        }

        @Override
        public HadoopPath parent() {
            return new Local(path.toAbsolutePath().getParent());
        }

        @Override
        public boolean exists() {
            return Files.exists(path);
        }

        @Override
        public boolean isFile() {
            return Files.isRegularFile(path);
        }

        @Override
        public boolean isDirectory() {
            return Files.isDirectory(path);
        }

        @Override
        public void createDirectories() throws IOException {
            Files.createDirectories(path);
        }

        @Override
        public List<String> list() throws IOException {
            List<String> names = new ArrayList<>();
            if (Files.isDirectory(path)) {
                try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(path)) {
                    entries.forEach(entry -> names.add(entry.getFileName().toString()));
                }
            }
            return names;
        }

        @Override
        public void delete() throws IOException {
            Files.deleteIfExists(path);
        }

        @Override
        public void write(AtomicFiles.IOConsumer<OutputStream> body) {
            AtomicFiles.write(path, body);
        }

        @Override
        public <T> T read(Function<java.nio.file.Path, T> reader) {
            return reader.apply(path);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A path on another Hadoop file system: HDFS, S3A, and the like. */
    private static final class OnFileSystem extends HadoopPath {
        private final FileSystem fs;
        /** The path with scheme and authority, which does not depend on a working folder. */
        private final Path path;
        /** The path as given, for messages. */
        private final Path shown;

        OnFileSystem(FileSystem fs, Path path, Path shown) {
            this.fs = fs;
            this.path = path;
            this.shown = shown;
        }

        @Override
        public HadoopPath resolve(String name) {
            return new OnFileSystem(fs, new Path(path, name), new Path(shown, name));
        }

        @Override
        public HadoopPath parent() {
            return new OnFileSystem(fs, path.getParent(), shown.getParent() != null ? shown.getParent() : path.getParent());
        }

        @Override
        public boolean exists() {
            return status() != null;
        }

        @Override
        public boolean isFile() {
            FileStatus status = status();
            return status != null && status.isFile();
        }

        @Override
        public boolean isDirectory() {
            FileStatus status = status();
            return status != null && status.isDirectory();
        }

        /** What the file system says of this path, or null when there is nothing here. */
        private FileStatus status() {
            try {
                return fs.getFileStatus(path);
            } catch (FileNotFoundException e) {
                return null;
            } catch (IOException e) {
                throw new UserError(this + ": cannot read: " + AtomicFiles.reason(e));
            }
        }

        @Override
        public void createDirectories() throws IOException {
            if (!fs.mkdirs(path)) {
                throw new IOException("the file system refused to create it");
            }
        }

        @Override
        public List<String> list() throws IOException {
            try {
                return Arrays.stream(fs.listStatus(path)).map(s -> s.getPath().getName()).toList();
            } catch (FileNotFoundException e) {
                return List.of();
            }
        }

        @Override
        public void delete() throws IOException {
            fs.delete(path, false);
        }

        @Override
        public void write(AtomicFiles.IOConsumer<OutputStream> body) {
            Path temp = new Path(path.getParent(), AtomicFiles.temporaryName(path.getName()));
            boolean renamed = false;
            try {
                try (FSDataOutputStream file = fs.create(temp, false)) {
                    OutputStream out = new BufferedOutputStream(file, AtomicFiles.BUFFER_SIZE);
                    body.accept(new AtomicFiles.CloseShieldOutputStream(out));
                    out.flush();
                }
                // Closed, the file is complete on the file system; only now does it take the target's name.
                FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, path, Options.Rename.OVERWRITE);
                renamed = true;
            } catch (IOException e) {
                throw new UserError("cannot write " + this + ": " + AtomicFiles.reason(e));
            } finally {
                if (!renamed) {
                    deleteQuietly(temp);
                }
            }
        }

        @Override
        public <T> T read(Function<java.nio.file.Path, T> reader) {
            java.nio.file.Path copy = null;
            try {
                copy = Files.createTempFile("digitnet-", "-" + path.getName());
                fs.copyToLocalFile(false, path, new Path(copy.toUri()), true);
                return reader.apply(copy);
            } catch (UserError e) {
                throw new UserError(e.getMessage().replace(copy.toString(), toString()), e.exitCode());
            } catch (IOException e) {
                throw new UserError(this + ": cannot read: " + AtomicFiles.reason(e));
            } finally {
                if (copy != null) {
                    try {
                        Files.deleteIfExists(copy);
                    } catch (IOException ignored) {
                        // A leftover copy in the temporary folder is harmless; the result or the error matters.
                    }
                }
            }
        }

        private void deleteQuietly(Path temp) {
            try {
                fs.delete(temp, false);
            } catch (IOException ignored) {
                // The original failure is what the user needs to see; a leftover hidden temporary file is harmless.
            }
        }

        @Override
        public String toString() {
            return shown.toString();
        }
    }
}
