package digitnet.ml;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import digitnet.model.Model;
import digitnet.io.Npz;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkContext;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import scala.Option;

/**
 * A saved model's folder, in Spark ML's layout with the weights beside it:
 * {@code metadata/part-00000} (the class, uid and params as Spark's {@code DefaultParamsWriter}
 * renders them, so {@code Pipeline} and {@code CrossValidator} find and load the stage) and
 * {@code model.npz} (the network, as {@code train} writes it, so NumPy and the command line read
 * it). A run folder of {@code train} has the same two, so either kind loads as the other.
 *
 * <p>The files are written and read through Hadoop's file system API, so any Hadoop path works;
 * on the local file system they are written atomically by {@link AtomicFiles}, without Hadoop's
 * {@code .crc} side files. The metadata JSON is made by Spark's own renderer and parsed by its
 * own parser, calls that are the same in Spark 3.5 and 4.x (the helpers that also write or read
 * the file changed their signatures between those lines).
 */
public final class SavedStage {
    static final String METADATA_DIR = "metadata";
    static final String METADATA_FILE = "part-00000";

    private SavedStage() {}

    /** Writes {@code stage}'s metadata and {@code network}'s {@code model.npz} into folder {@code path}. */
    public static void write(SparkContext sc, Params stage, Model network, String path) {
        writeMetadata(sc, stage, path);
        writeModel(sc.hadoopConfiguration(), new Path(new Path(path), Model.FILE_NAME), network);
    }

    /** Writes {@code stage}'s metadata into folder {@code path}: with a {@code model.npz} there, a saved model. */
    public static void writeMetadata(SparkContext sc, Params stage, String path) {
        String json = DefaultParamsWriter.getMetadataToSave(stage, sc, Option.empty(), Option.empty());
        writeText(sc.hadoopConfiguration(), new Path(new Path(new Path(path), METADATA_DIR), METADATA_FILE),
                json + "\n");
    }

    /** The metadata saved in folder {@code path}, which must be of class {@code className}. */
    static DefaultParamsReader.Metadata readMetadata(SparkContext sc, String path, String className) {
        Path dir = new Path(new Path(path), METADATA_DIR);
        try {
            FileSystem fs = dir.getFileSystem(sc.hadoopConfiguration());
            if (!fs.exists(dir)) {
                throw new IllegalArgumentException(path + ": not a saved Spark ML stage (no " + METADATA_DIR
                        + "/ folder); a model.npz alone loads with DigitNetClassificationModel.fromNpz");
            }
            // Spark writes part-00000 (3.5) or part-00000-<id>.txt (4.x); digitnet writes part-00000.
            FileStatus part = Arrays.stream(fs.listStatus(dir))
                    .filter(s -> s.getPath().getName().startsWith("part-"))
                    .min(Comparator.comparing(s -> s.getPath().getName()))
                    .orElseThrow(() -> new IllegalArgumentException(dir + ": holds no part- file"));
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
                    StandardCharsets.UTF_8))) {
                return DefaultParamsReader.parseMetadata(in.readLine(), className);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read the saved stage: " + e.getMessage(), e);
        }
    }

    /** The network in {@code file}, an {@code .npz} on any Hadoop file system, or a folder holding {@code model.npz}. */
    public static Model readModel(Configuration conf, String file) {
        Path path = new Path(file);
        try {
            FileSystem fs = path.getFileSystem(conf);
            if (fs.getFileStatus(path).isDirectory()) {
                path = new Path(path, Model.FILE_NAME);
            }
            if (isLocal(fs)) {
                return Model.load(local(fs, path));
            }
            java.nio.file.Path copy = Files.createTempFile("digitnet-", ".npz");
            try {
                fs.copyToLocalFile(false, path, new Path(copy.toUri()), true);
                try {
                    return Model.fromArrays(Npz.read(copy), copy);
                } catch (UserError e) {
                    throw new UserError(e.getMessage().replace(copy.toString(), path.toString()));
                }
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UserError(file + ": cannot read the model: " + e.getMessage());
        }
    }

    /** Writes {@code network} as an {@code .npz} to {@code file}, any Hadoop path, replacing it. */
    public static void writeModel(Configuration conf, Path file, Model network) {
        write(conf, file, network::save);
    }

    private static void writeText(Configuration conf, Path file, String text) {
        write(conf, file, local -> AtomicFiles.writeString(local, text));
    }

    /**
     * Writes {@code file} (any Hadoop path) with {@code writeLocal}, which writes a local file
     * atomically: straight to the file on the local file system, else to a temporary local file
     * that is then copied over.
     */
    private static void write(Configuration conf, Path file, Consumer<java.nio.file.Path> writeLocal) {
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (isLocal(fs)) {
                java.nio.file.Path target = local(fs, file);
                Files.createDirectories(target.getParent());
                writeLocal.accept(target);
                return;
            }
            java.nio.file.Path copy = Files.createTempFile("digitnet-", "-" + file.getName());
            try {
                writeLocal.accept(copy);
                fs.copyFromLocalFile(false, true, new Path(copy.toUri()), file);
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static boolean isLocal(FileSystem fs) {
        return fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem;
    }

    private static java.nio.file.Path local(FileSystem fs, Path path) {
        return Paths.get(fs.makeQualified(path).toUri());
    }
}
