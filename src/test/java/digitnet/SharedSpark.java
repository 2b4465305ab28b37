package digitnet;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The one local[2] Spark session every test shares: starting Spark costs seconds, and the
 * commands under test join the active session instead of starting their own. It serializes
 * data with Kryo, as many clusters are set to, so every test also checks that digitnet's
 * classes go through Kryo ({@link digitnet.compat.KryoRecords}); the integration tests' own
 * Spark processes keep Spark's default, Java serialization.
 */
public final class SharedSpark {
    private static SparkSession session;

    private SharedSpark() {}

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2]")
                    .appName("digitnet-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        SparkSession.setActiveSession(session);
        SparkSession.setDefaultSession(session);
        return session;
    }

    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
