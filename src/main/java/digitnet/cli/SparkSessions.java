package digitnet.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Starts (or joins) the Spark session of a command. */
final class SparkSessions {
    private SparkSessions() {}

    /**
     * The active session if there is one (tests share one), else a new one. The master comes from
     * {@code --master}, else from spark-submit, else {@code local[*]}; a local driver and its UI
     * listen on 127.0.0.1 only, since nothing off this machine needs to reach them.
     */
    static SparkSession getOrStart(String master) {
        SparkConf conf = new SparkConf();
        String chosen = master != null ? master : conf.get("spark.master", "local[*]");
        SparkSession.Builder builder = SparkSession.builder().appName("digitnet").master(chosen)
                .config("spark.ui.showConsoleProgress", "false");
        if (chosen.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return builder.getOrCreate();
    }

    static void stopActive() {
        if (SparkSession.getActiveSession().isDefined()) {
            SparkSession.getActiveSession().get().stop();
        }
    }
}
