package digitnet.cli;

import digitnet.UserError;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code digitnet} command line. Every failure the user can act on ends as one line
 * {@code error: ...} on stderr and a non-zero exit status: 2 for a bad command line or setting,
 * 1 for bad input data or a failed run. No stack traces unless {@code DIGITNET_DEBUG} is set.
 */
@Command(name = "digitnet", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "The notebook's two-layer digit network (784 -> hidden ReLU -> 10 softmax), "
                + "trained data-parallel on Apache Spark.",
        subcommands = {TrainCommand.class, PredictCommand.class, EvaluateCommand.class, ShowCommand.class,
                ServeCommand.class, ExportCommand.class})
public final class Main implements Runnable {
    static {
        // Charts and digit sheets are drawn off-screen; no command needs a display.
        System.setProperty("java.awt.headless", "true");
    }

    public static void main(String[] args) {
        PrintWriter err = new PrintWriter(System.err, true);
        int status;
        try {
            status = run(new PrintWriter(System.out, true), err, args);
        } catch (OutOfMemoryError e) { // the command's objects are gone by now, so there is room to say so
            err.println("error: " + driverOutOfMemory());
            status = 1;
        }
        SparkSessions.stopActive();
        System.exit(status);
    }

    /**
     * The driver ran out of heap: in local mode it holds the cached training data as well as the
     * weights, so that is the usual reason with large data.
     */
    static String driverOutOfMemory() {
        return String.format(Locale.ROOT, "the driver ran out of memory (java.lang.OutOfMemoryError, heap %d MB); "
                + "in local mode it also holds the cached training data: give it more with DIGITNET_DRIVER_MEMORY "
                + "for scripts/run-local.sh, --driver-memory for scripts/submit.sh (see docs/cluster.md, Large data)",
                Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Runs one command with the given output streams and returns its exit status. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return commandLine(out, err, System.getenv()).execute(args);
    }

    /**
     * The command line with its error handling; {@code train} takes its defaults from the
     * settings files and {@code environment} (see {@link Defaults}), the other commands from
     * their own options.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((e, a) -> {
            // A value picocli quotes may come from a settings file (--conf): show it printable.
            err.println("error: " + UserError.printable(e.getMessage()) + " (see --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            String outOfMemory = e instanceof UserError ? null : ExecutorMemoryWatch.message();
            err.println("error: " + (outOfMemory != null ? outOfMemory : describe(e)));
            if (System.getenv("DIGITNET_DEBUG") != null) {
                e.printStackTrace(err);
            }
            return e instanceof UserError u ? u.exitCode() : 1;
        });
        CommandLine train = cmd.getSubcommands().get("train");
        train.setDefaultValueProvider(((TrainCommand) train.getCommand()).defaults(environment));
        return cmd;
    }

    /** The message of the deepest cause that has one: Spark wraps the real problem several levels down. */
    static String describe(Throwable e) {
        if (e instanceof UserError) {
            return e.getMessage();
        }
        String message = e.toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError) {
                return t.getMessage();
            }
            if (t.getMessage() != null) {
                message = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return Arrays.stream(message.split("\n")).findFirst().orElse(message);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required, for example: train");
    }
}
