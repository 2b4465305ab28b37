/**
 * Code that uses digitnet as a library the way a reader of the docs would, compiled and
 * tested with the rest so that the examples README.md and docs/spark.md quote cannot rot.
 *
 * <p>May use: {@code ml}.
 */
package digitnet.examples;
