/**
 * digitnet: the two-layer digit network of a NumPy notebook (784 → hidden ReLU → 10 softmax),
 * trained data-parallel on Apache Spark. This root package holds what every layer may use:
 * {@link digitnet.UserError}, a problem the user can fix, and {@link digitnet.Version}.
 *
 * <p>The packages are layers, bottom up: {@code compat} and {@code io}; {@code data}; {@code nn};
 * {@code model}; {@code train}; {@code report} and {@code ml}; {@code cli} and {@code examples}. Each uses only packages below it,
 * as its own package-info says ({@code PackageInfoTest} holds the code to that, and
 * {@code PackageLayersTest} finds any loop).
 *
 * <p>May use: no other digitnet package.
 */
package digitnet;
