package digitnet.ml;

import org.apache.spark.ml.util.Identifiable;

/**
 * Hands a stage's uid to its Spark base class before the Java constructor body can run.
 *
 * <p>Spark's base classes create their params ({@code featuresCol}, …) in their constructors,
 * and each param records {@code uid()} at that moment, before a Java subclass can assign a
 * field; a param owned by {@code null} is then refused by {@code set}. So a stage's
 * {@code uid()} takes its value, on first call, from here: the public constructor puts it here
 * ({@link #handOver}) on the way to the private one that calls {@code super()}.
 */
final class Uids {
    private static final ThreadLocal<String> NEXT = new ThreadLocal<>();

    private Uids() {}

    /** A token that says {@code uid} waits to be taken by the stage under construction. */
    static Token handOver(String uid) {
        NEXT.set(uid);
        return Token.INSTANCE;
    }

    /** The uid handed over for the stage under construction, or a fresh one with {@code prefix}. */
    static String take(String prefix) {
        String uid = NEXT.get();
        NEXT.remove();
        return uid != null ? uid : Identifiable.randomUID(prefix);
    }

    /** Marks the private constructor that expects a handed-over uid. */
    enum Token { INSTANCE }
}
