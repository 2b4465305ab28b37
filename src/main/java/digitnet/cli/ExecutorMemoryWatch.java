package digitnet.cli;

import java.util.Locale;
import org.apache.spark.ExceptionFailure;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Watches a cluster's executors for one that runs out of memory, and then ends the run at once
 * with a message that says so and names the setting to raise.
 *
 * <p>Left alone, Spark retries: each retry meets the same full heap, the lost executors take
 * their shuffle output with them, and after minutes the run fails with a
 * {@code MetadataFetchFailedException} that names neither memory nor a setting. An executor's
 * heap does not grow between attempts, so the first out-of-memory loss cancels the jobs and
 * {@link Main} reports {@link #message}.
 */
final class ExecutorMemoryWatch extends SparkListener {
    /**
     * Spark's exit status for a JVM that ran out of memory ({@code SparkExitCode.OOM}); the
     * cluster manager reports it when the executor is removed.
     */
    static final int OUT_OF_MEMORY_EXIT = 52;

    private static ExecutorMemoryWatch installed;

    private final SparkContext sc;
    private volatile String lost;

    private ExecutorMemoryWatch(SparkContext sc) {
        this.sc = sc;
    }

    /** Watches the executors of {@code sc}, once per context; a local run has none to watch. */
    static synchronized void install(SparkContext sc) {
        if (!sc.isLocal() && (installed == null || installed.sc != sc)) {
            installed = new ExecutorMemoryWatch(sc);
            sc.addSparkListener(installed);
        }
    }

    /** What to tell the user if an executor of the running context ran out of memory, else null. */
    static synchronized String message() {
        if (installed == null || installed.lost == null || installed.sc.isStopped()) {
            return null;
        }
        return String.format(Locale.ROOT, "executor %s ran out of memory (java.lang.OutOfMemoryError); give executors "
                + "more with --executor-memory (spark.executor.memory, now %s)", installed.lost,
                installed.sc.getConf().get("spark.executor.memory", "1g"));
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
        if (isOutOfMemory(removed.reason())) {
            ranOutOfMemory(removed.executorId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() instanceof ExceptionFailure failure && failure.className().equals(
                OutOfMemoryError.class.getName())) {
            ranOutOfMemory(end.taskInfo().executorId());
        }
    }

    /**
     * Whether a cluster manager's reason for removing an executor is an out-of-memory exit: the
     * standalone Worker says {@code Command exited with code 52}, YARN and Kubernetes
     * {@code exit code 52} or {@code exit status 52}.
     */
    static boolean isOutOfMemory(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        return r.contains("outofmemoryerror") || r.matches(".*(exited with code|exit code|exit status):? "
                + OUT_OF_MEMORY_EXIT + "\\b.*");
    }

    private void ranOutOfMemory(String executor) {
        if (lost == null) {
            lost = executor;
            sc.cancelAllJobs();
        }
    }
}
