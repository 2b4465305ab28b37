package digitnet.ml;

import digitnet.data.DigitShape;
import digitnet.data.DigitValues;
import digitnet.model.Model;
import digitnet.model.OnnxGraph;
import digitnet.nn.Forward;
import digitnet.report.Evaluation;
import digitnet.nn.Layout;
import digitnet.nn.Softmax;
import java.io.Serializable;
import java.util.Optional;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A trained digitnet network as a Spark ML model. {@code transform} adds {@code rawPrediction}
 * (the ten output scores Z2), {@code probability} (their softmax) and {@code prediction}, each
 * row through {@link Forward}, the forward pass the {@code predict} command runs, so the two
 * agree row for row.
 *
 * <p>Saved with {@code write().save(path)} as a folder holding Spark ML's metadata and the
 * weights as {@code model.npz} (see {@link SavedStage}): NumPy reads that file, {@code predict
 * --model} reads the folder, and a {@code train} run folder loads here.
 */
public final class DigitNetClassificationModel
        extends ProbabilisticClassificationModel<Vector, DigitNetClassificationModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final Layout layout;
    private final double[] params;
    private final transient DigitNetTrainingSummary summary;

    /**
     * A model of one hidden unit with zero weights, for Spark Connect only: its server finds the
     * stages it may load by Java's ServiceLoader (META-INF/services/org.apache.spark.ml.Transformer),
     * which requires a public no-argument constructor of every class listed, as Spark's own models
     * have; the server then loads a saved model with {@link #load}, never uses this one.
     */
    public DigitNetClassificationModel() {
        this(new Model(new Layout(1), new double[new Layout(1).size()]));
    }

    /** The model of {@code network}'s weights, with a fresh uid. */
    public DigitNetClassificationModel(Model network) {
        this(Uids.take("digitNetClassificationModel"), network, null);
    }

    DigitNetClassificationModel(String uid, Model network, DigitNetTrainingSummary summary) {
        this(Uids.handOver(uid), network, summary);
    }

    private DigitNetClassificationModel(Uids.Token token, Model network, DigitNetTrainingSummary summary) {
        uid();
        this.layout = network.layout();
        this.params = network.params();
        this.summary = summary;
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.take("digitNetClassificationModel");
        }
        return uid;
    }

    /** The model of the weights in an {@code .npz} file (W1, b1, W2, b2) or a folder holding {@code model.npz}, any Hadoop path. */
    public static DigitNetClassificationModel fromNpz(String path) {
        return new DigitNetClassificationModel(SavedStage.readModel(
                SparkSession.active().sparkContext().hadoopConfiguration(), path));
    }

    /** The network: its layout and flat weights, as {@code train} saves them. */
    public Model network() {
        return new Model(layout, params.clone());
    }

    /** The hidden layer's size. */
    public int getHidden() {
        return layout.hidden();
    }

    /** The four arrays W1 (H×784), b1 (H×1), W2 (10×H), b2 (10×1) as the notebook names them, row-major. */
    public double[] weights(String name) {
        return network().arrays().get(name).data();
    }

    /** Writes the weights to {@code path} (any Hadoop path) as {@code train} writes {@code model.npz}. */
    public void exportNpz(String path) {
        SavedStage.writeModel(SparkSession.active().sparkContext().hadoopConfiguration(), path, network());
    }

    /**
     * Writes the network to {@code path} (any Hadoop path, atomically) as an ONNX graph for ONNX
     * Runtime and other ONNX readers: input {@code pixels} float [N, 784] of 0..255, outputs
     * {@code probabilities} float [N, 10] and {@code label} int64 [N] (see {@link OnnxGraph}).
     */
    public void exportOnnx(String path) {
        SavedStage.writeOnnx(SparkSession.active().sparkContext().hadoopConfiguration(), path, network());
    }

    /** What training recorded, iteration by iteration; absent for a model that was loaded. */
    public Optional<DigitNetTrainingSummary> summary() {
        return Optional.ofNullable(summary);
    }

    public boolean hasSummary() {
        return summary != null;
    }

    /**
     * Scores the model on labelled digits (the features and label columns), as the
     * {@code evaluate} command does a file: accuracy, mean loss, each digit's precision, recall
     * and F1, and the confusion matrix, the same numbers for the same rows, in any partitioning
     * or order.
     *
     * @throws IllegalArgumentException naming the column and the value, for a row that is not a
     *     labelled digit
     */
    public DigitNetClassificationSummary evaluate(Dataset<?> dataset) {
        String featuresCol = getFeaturesCol();
        String labelCol = getLabelCol();
        double[] weights = params;
        Layout network = layout;
        Scored scored = dataset.select(functions.col(featuresCol), functions.col(labelCol).cast("double")).javaRDD()
                .aggregate(new Scored(), (s, row) -> s.add(row, weights, network, featuresCol, labelCol), Scored::merge);
        if (scored.problem != null) {
            throw new IllegalArgumentException(scored.problem);
        }
        if (scored.tally.evaluation().rows() == 0) {
            throw new IllegalArgumentException("the DataFrame has no rows to evaluate");
        }
        return new DigitNetClassificationSummary(transform(dataset), scored.tally.evaluation());
    }

    /** The tally of a partition's rows, or the first problem found. */
    private static final class Scored implements Serializable {
        private static final long serialVersionUID = 1L;
        final Evaluation.Tally tally = new Evaluation.Tally();
        String problem;

        Scored add(Row row, double[] weights, Layout network, String featuresCol, String labelCol) {
            if (problem != null) {
                return this;
            }
            int[] pixels = new int[DigitShape.PIXELS];
            Vector features = row.isNullAt(0) ? null : (Vector) row.get(0);
            String bad = DigitVectors.read(features, pixels);
            if (bad != null) {
                problem = badVector(featuresCol, features, bad);
                return this;
            }
            double value = row.isNullAt(1) ? Double.NaN : row.getDouble(1);
            int label = DigitValues.label(value);
            if (label < 0) {
                problem = "column " + labelCol + ": " + DigitValues.labelProblem(value);
                return this;
            }
            double[] z2 = Forward.logits(weights, network, pixels);
            tally.add(label, Softmax.argmax(z2), Softmax.crossEntropy(z2, label));
            return this;
        }

        Scored merge(Scored other) {
            problem = problem != null ? problem : other.problem;
            tally.merge(other.tally);
            return this;
        }
    }

    @Override
    public int numClasses() {
        return DigitShape.CLASSES;
    }

    @Override
    public int numFeatures() {
        return DigitShape.PIXELS;
    }

    /**
     * Z2, the ten output scores of one digit's 784 pixels (0..255 or 0..1, see {@link DigitVectors}).
     *
     * @throws IllegalArgumentException naming the features column, the value and the vector, for a
     *     vector that is not a digit's pixels
     */
    @Override
    public Vector predictRaw(Vector features) {
        int[] pixels = new int[DigitShape.PIXELS];
        String problem = DigitVectors.read(features, pixels);
        if (problem != null) {
            throw new IllegalArgumentException(badVector(getFeaturesCol(), features, problem));
        }
        return Vectors.dense(Forward.logits(params, layout, pixels));
    }

    /** Softmax of the scores, in place, as {@code predict} computes its probabilities. */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] z = ((DenseVector) rawPrediction).values();
        double[] a = Softmax.probabilities(z);
        System.arraycopy(a, 0, z, 0, a.length);
        return rawPrediction;
    }

    /**
     * Both of Spark's base classes declare this with return types javac sees as unrelated (Scala's
     * tuples are covariant, Java's generics are not); naming it here resolves the clash.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public DigitNetClassificationModel copy(ParamMap extra) {
        return copyValues(new DigitNetClassificationModel(uid(), network(), summary), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<DigitNetClassificationModel> read() {
        return new Reader();
    }

    public static DigitNetClassificationModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "DigitNetClassificationModel: uid=" + uid() + ", hidden=" + getHidden();
    }

    /** What is wrong with a row's features vector, and the start of the vector to find the row by. */
    private static String badVector(String featuresCol, Vector features, String problem) {
        return "column " + featuresCol + ": the vector " + problem + ", in the row whose features are "
                + abbreviated(features);
    }

    /** The start of a vector's text: enough to find the row, short enough for one line. */
    private static String abbreviated(Vector features) {
        if (features == null) {
            return "null";
        }
        String text = features.toString();
        return text.length() <= 120 ? text : text.substring(0, 120) + "…";
    }

    private static final class Writer extends MLWriter {
        private final DigitNetClassificationModel model;

        Writer(DigitNetClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            SavedStage.write(sc(), model, model.network(), path);
        }
    }

    private static final class Reader extends MLReader<DigitNetClassificationModel> {
        @Override
        public DigitNetClassificationModel load(String path) {
            var metadata = SavedStage.readMetadata(sc(), path, DigitNetClassificationModel.class.getName());
            DigitNetClassificationModel model = new DigitNetClassificationModel(metadata.uid(),
                    SavedStage.readModel(sc().hadoopConfiguration(), path), null);
            metadata.getAndSetParams(model, scala.Option.empty());
            return model;
        }
    }
}
