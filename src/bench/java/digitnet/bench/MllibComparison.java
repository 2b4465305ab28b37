package digitnet.bench;

import digitnet.data.Augmentation;
import digitnet.data.Block;
import digitnet.data.DevSet;
import digitnet.data.StoredDigits;
import digitnet.data.TrainingData;
import digitnet.nn.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Spark MLlib's MultilayerPerceptronClassifier on exactly digitnet's train/dev split (the same
 * {@link TrainingData#load} with the same seed and dev rows), for the comparison row of the
 * table in docs/better-models.md. Pixels are scaled by 1/255 as digitnet's kernels do.
 * Run by {@code scripts/compare-mllib.sh}.
 */
@Command(name = "compare-mllib", mixinStandardHelpOptions = true,
        description = "Train Spark MLlib's MLP on digitnet's train/dev split and print its dev accuracy.")
public final class MllibComparison implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Labelled CSV, as for digitnet train.")
    String data;

    @Option(names = "--dev-rows", defaultValue = "2000", description = "Rows held out (default: ${DEFAULT-VALUE}).")
    int devRows;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the split and of MLlib's weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--hidden", defaultValue = "10", description = "Hidden units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--iterations", defaultValue = "100", description = "MLlib's maxIter (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--solver", defaultValue = "l-bfgs", description = "l-bfgs or gd (default: ${DEFAULT-VALUE}).")
    String solver;

    public static void main(String[] args) {
        int status = new CommandLine(new MllibComparison()).execute(args);
        SparkSession.active().stop();
        System.exit(status);
    }

    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().appName("digitnet-compare-mllib").master("local[*]")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        TrainingData split = TrainingData.load(spark, StoredDigits.at(spark, data), DevSet.seeded(devRows, seed), Augmentation.NONE, OptionalInt.empty());
        Dataset<Row> train = rows(spark, split, true).cache();
        Dataset<Row> dev = rows(spark, split, false).cache();
        System.out.printf("split: %d training rows, %d dev rows (digitnet's: %d, %d)%n",
                train.count(), dev.count(), split.trainRows(), split.devRows());

        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {Layout.PIXELS, hidden, Layout.CLASSES})
                .setSolver(solver).setMaxIter(iterations).setSeed(seed);
        long start = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(train);
        double seconds = (System.nanoTime() - start) / 1e9;

        long correct = model.transform(dev).filter("prediction = label").count();
        System.out.printf("mllib MLP %d-%d-%d, %s, maxIter %d (ran %d): dev accuracy %.4f, train %.1f s%n",
                Layout.PIXELS, hidden, Layout.CLASSES, solver, iterations,
                model.summary().totalIterations(), (double) correct / dev.count(), seconds);
        return 0;
    }

    /** The split's train rows ({@code train}) or dev rows as (label, features/255). */
    private static Dataset<Row> rows(SparkSession spark, TrainingData split, boolean train) {
        StructType schema = new StructType()
                .add("label", DataTypes.DoubleType)
                .add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(split.blocks().flatMap(block -> {
            List<Row> rows = new ArrayList<>();
            int from = train ? 0 : block.trainRows;
            int to = train ? block.trainRows : block.rows();
            for (int r = from; r < to; r++) {
                rows.add(RowFactory.create((double) block.label(r), features(block, r)));
            }
            return rows.iterator();
        }), schema);
    }

    private static org.apache.spark.ml.linalg.Vector features(Block block, int r) {
        int start = block.rowStart[r];
        int n = block.rowStart[r + 1] - start;
        int[] indices = new int[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            indices[i] = block.pixelIndex[start + i];
            values[i] = (block.pixelValue[start + i] & 0xFF) / 255.0;
        }
        return Vectors.sparse(Layout.PIXELS, indices, values);
    }
}
