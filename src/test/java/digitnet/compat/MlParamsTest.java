package digitnet.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.SharedSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.ml.feature.Binarizer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage's params go to Spark ML's metadata and back, on whichever Spark line this build is for. */
class MlParamsTest {
    @TempDir
    Path tmp;

    @Test
    void paramsRoundTripThroughSparksMetadata() throws IOException {
        SparkSession spark = SharedSpark.session();
        Binarizer stage = new Binarizer("binarizer-under-test").setThreshold(0.25).setInputCol("in");
        String path = tmp.resolve("stage").toString();

        MlParams.save(stage, path, spark);
        Binarizer loaded = MlParams.load(path, spark);

        assertEquals("binarizer-under-test", loaded.uid());
        assertEquals(0.25, loaded.getThreshold());
        assertEquals("in", loaded.getInputCol());
        assertFalse(loaded.isSet(loaded.outputCol()), "a param left at its default stays unset");
        String metadata;
        try (Stream<Path> files = Files.list(tmp.resolve("stage/metadata"))) {
            metadata = Files.readString(files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .findFirst().orElseThrow());
        }
        assertTrue(metadata.contains("\"sparkVersion\":\"" + spark.version() + "\""), metadata);
    }
}
