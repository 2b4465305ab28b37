/**
 * The few Spark APIs that differ between the Spark lines digitnet is built for (Spark 3.5 with
 * Scala 2.12 under the Maven profile {@code spark-3.5}, Spark 4 with Scala 2.13 by default).
 * Everything else digitnet calls is the same on both lines; code that needs one of these
 * differences calls the shim here instead of choosing a line itself. Also what a cluster's own
 * Spark settings can ask of digitnet's classes: {@link digitnet.compat.KryoRecords}, how Spark's
 * Kryo serializer writes records. Uses Spark (and its Kryo) only.
 *
 * <p>May use: no other digitnet package.
 */
package digitnet.compat;
