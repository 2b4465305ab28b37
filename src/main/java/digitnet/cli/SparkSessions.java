package digitnet.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts (or joins) the Spark session of a command. */
final class SparkSessions {
    private SparkSessions() {}

    /**
     * The active session if there is one (tests share one), else a new one. The master comes from
     * {@code --master}, else from spark-submit, else {@code local[*]}.
     *
     * <p>A local driver listens on 127.0.0.1 only, since nothing off this machine needs to reach
     * it. Spark binds its UI to {@code SPARK_LOCAL_IP}, and to every interface when that is unset
     * (no setting changes this), so a local run without it gets no UI unless
     * {@code spark.ui.enabled} is set; {@code scripts/run-local.sh} sets {@code SPARK_LOCAL_IP} to
     * 127.0.0.1 and so has its UI there.
     *
     * <p>On a cluster, an executor that runs out of memory ends the run ({@link ExecutorMemoryWatch}).
     */
    static SparkSession getOrStart(String master) {
        SparkConf conf = new SparkConf();
        String chosen = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName("digitnet").master(chosen)
                .config("spark.ui.showConsoleProgress", "false");
        if (chosen.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
            if (System.getenv("SPARK_LOCAL_IP") == null && !conf.contains("spark.ui.enabled")) {
                builder.config("spark.ui.enabled", "false");
            }
        }
        SparkSession spark = builder.getOrCreate();
        ExecutorMemoryWatch.install(spark.sparkContext());
        return spark;
    }

    /** Cancels the jobs of the running session, if any: what Ctrl-C does to a run in flight. */
    static void cancelJobs() {
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().sparkContext().cancelAllJobs();
        }
    }

    static void stopActive() {
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().stop();
        }
    }
}
