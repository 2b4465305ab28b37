package digitnet.ml;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import digitnet.io.HadoopPath;
import digitnet.io.Npz;
import digitnet.model.Model;
import digitnet.model.OnnxGraph;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
 * <p>The files are written and read through {@link HadoopPath}, so any Hadoop path works and
 * each file is replaced atomically (on the local file system without Hadoop's {@code .crc} side
 * files). The metadata JSON is made by Spark's own renderer and parsed by its
 * own parser, calls that are the same in Spark 3.5 and 4.x (the helpers that also write or read
 * the file changed their signatures between those lines).
 */
public final class SavedStage {
    static final String METADATA_DIR = "metadata";
    static final String METADATA_FILE = "part-00000";

    private SavedStage() {}

    /** Writes {@code stage}'s metadata and {@code network}'s {@code model.npz} into folder {@code path}. */
    public static void write(SparkContext sc, Params stage, Model network, String path) {
        HadoopPath folder = HadoopPath.of(sc.hadoopConfiguration(), path);
        writeMetadata(sc, stage, folder);
        write(folder.resolve(Model.FILE_NAME), network);
    }

    /**
     * Writes {@code stage}'s metadata into {@code folder} (a {@code train} run folder is a local
     * one, wherever Spark's default file system is): with a {@code model.npz} there, a saved model.
     */
    public static void writeMetadata(SparkContext sc, Params stage, HadoopPath folder) {
        String json = DefaultParamsWriter.getMetadataToSave(stage, sc, Option.empty(), Option.empty());
        HadoopPath metadata = folder.resolve(METADATA_DIR);
        createDirectories(metadata);
        metadata.resolve(METADATA_FILE).writeString(json + "\n");
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
        HadoopPath path = HadoopPath.of(conf, file);
        return (path.isDirectory() ? path.resolve(Model.FILE_NAME) : path).read(Model::load);
    }

    /** Writes {@code network} as an {@code .npz} to {@code file}, any Hadoop path, replacing it. */
    public static void writeModel(Configuration conf, String file, Model network) {
        HadoopPath target = HadoopPath.of(conf, file);
        createDirectories(target.parent());
        write(target, network);
    }

    /** Writes {@code network} as an ONNX graph ({@link OnnxGraph}) to {@code file}, any Hadoop path, atomically. */
    public static void writeOnnx(Configuration conf, String file, Model network) {
        HadoopPath target = HadoopPath.of(conf, file);
        createDirectories(target.parent());
        byte[] graph = OnnxGraph.bytes(network);
        target.write(out -> out.write(graph));
    }

    private static void write(HadoopPath file, Model network) {
        file.write(out -> Npz.write(out, network.arrays()));
    }

    private static void createDirectories(HadoopPath folder) {
        try {
            folder.createDirectories();
        } catch (IOException e) {
            throw new UserError("cannot create " + folder + ": " + AtomicFiles.reason(e));
        }
    }
}
