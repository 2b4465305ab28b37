package digitnet.ml;

import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.data.DigitShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * DataFrames of {@code label} (double), {@code features} (vector) and {@code id} (the row's
 * ImageId, from 1 in file order) made from a labelled test CSV.
 */
final class Digits {
    static final StructType SCHEMA = new StructType()
            .add("label", DataTypes.DoubleType)
            .add("features", SQLDataTypes.VectorType())
            .add("id", DataTypes.LongType);

    private Digits() {}

    /** Pixels 0..255 as dense vectors. */
    static Vector dense(int[] pixels) {
        double[] v = new double[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            v[p] = pixels[p];
        }
        return Vectors.dense(v);
    }

    /** Pixels 0..255 as sparse vectors, the zeros left out. */
    static Vector sparse(int[] pixels) {
        return dense(pixels).toSparse();
    }

    /** Pixels as LIBSVM's scaled MNIST has them: pixel/255 printed with six significant digits. */
    static Vector scaled(int[] pixels) {
        double[] v = new double[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            v[p] = Double.parseDouble(String.format("%g", pixels[p] / 255.0));
        }
        return Vectors.dense(v).toSparse();
    }

    /** The labelled CSV's rows, features made by {@code vector}, in file order. */
    static Dataset<Row> frame(Path csv, Function<int[], Vector> vector, int partitions) {
        List<Row> rows = new ArrayList<>();
        long id = 0;
        for (int[] fields : fields(csv)) {
            int[] pixels = new int[DigitShape.PIXELS];
            System.arraycopy(fields, 1, pixels, 0, DigitShape.PIXELS);
            rows.add(RowFactory.create((double) fields[0], vector.apply(pixels), ++id));
        }
        return SharedSpark.session().createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    /** The labelled CSV's data lines as label then 784 pixels. */
    static List<int[]> fields(Path csv) {
        List<String> lines = TestData.lines(csv);
        return lines.subList(1, lines.size()).stream().map(TestData::fields).toList();
    }
}
