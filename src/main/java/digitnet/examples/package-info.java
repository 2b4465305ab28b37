/**
 * Code that uses digitnet as a library the way a reader of the README would, compiled and
 * tested with the rest so that the README's examples cannot rot.
 *
 * <p>May use: {@code ml}.
 */
package digitnet.examples;
