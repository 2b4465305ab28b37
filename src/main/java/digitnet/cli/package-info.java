/**
 * The {@code digitnet} command line (picocli): one class a command, option mixins that give
 * the settings records, the defaults from settings files ({@link digitnet.cli.Defaults}), a
 * run folder's claim ({@link digitnet.cli.RunLock}), Ctrl-C ({@link digitnet.cli.Interruption}),
 * checkpoints and progress on the console. The only package that speaks in flags, {@code error:}
 * lines and exit statuses.
 *
 * <p>May use: {@code compat}, {@code data}, {@code io}, {@code ml}, {@code model}, {@code nn},
 * {@code report}, {@code serve}, {@code train}.
 */
package digitnet.cli;
