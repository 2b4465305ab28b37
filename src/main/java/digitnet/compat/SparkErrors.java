package digitnet.compat;

import org.apache.spark.SparkThrowable;

/** Reading Spark's error classes on both lines. */
public final class SparkErrors {
    /** Spark 4's error class for a file a scan could not read, with its sub-classes. */
    static final String FAILED_READ_FILE = "FAILED_READ_FILE";

    private SparkErrors() {}

    /**
     * The URL of the file that {@code error} says a Spark scan could not read (Spark 4 names it
     * in the message parameter {@code path}), or null when it is another error or Spark 3.5,
     * which does not tag a failed text scan.
     */
    @SuppressWarnings("deprecation") // Spark 4 renamed getErrorClass to getCondition, which 3.5 lacks
    public static String unreadableFile(SparkThrowable error) {
        String errorClass = error.getErrorClass();
        return errorClass != null && errorClass.startsWith(FAILED_READ_FILE)
                ? error.getMessageParameters().get("path") : null;
    }
}
