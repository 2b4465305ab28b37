package digitnet.compat;

import java.io.IOException;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Saving and loading a Spark ML stage's params (its class, uid and param values, in Spark's own
 * {@code metadata/} JSON) the same way on Spark 3.5 and Spark 4. The helpers Spark's own stages
 * use for this, {@code DefaultParamsWriter.saveMetadata} and {@code DefaultParamsReader.loadMetadata},
 * are internal ({@code private[ml]}), changed signature in 4.0 (a SparkSession where 3.5 takes a
 * SparkContext) and take json4s types that differ between the lines; the public writer and reader
 * classes used here are the same on both. A stage with more than params (a model's weights)
 * writes those beside the metadata, under {@code path/data}.
 */
public final class MlParams {
    private MlParams() {}

    /** Writes {@code stage}'s params under {@code path} (which must not exist yet). */
    public static void save(Params stage, String path, SparkSession spark) throws IOException {
        new DefaultParamsWriter(stage).session(spark).save(path);
    }

    /**
     * The stage saved under {@code path}: an instance of the saved class, made with its
     * {@code (String uid)} constructor, with the saved params set.
     */
    public static <T extends Params> T load(String path, SparkSession spark) {
        return new DefaultParamsReader<T>().session(spark).load(path);
    }
}
