package digitnet.cli;

import digitnet.nn.Kernel;
import digitnet.nn.Layout;
import digitnet.nn.SparseKernel;
import java.io.PrintWriter;
import org.apache.spark.TaskContext;
import picocli.CommandLine;

/**
 * digitnet's command line with a gradient kernel whose every task fails on its first attempt:
 * {@code LocalRunIT} runs it under {@code local[2,4]} (four attempts a task) to show that retried
 * tasks leave the model unchanged. The fault lives here, not in the production task.
 */
public final class FirstAttemptsFail implements Kernel {
    public static final String MESSAGE = "failing a first attempt";
    private final Kernel kernel = new SparseKernel();

    public static void main(String[] args) {
        CommandLine cmd = Main.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                System.getenv());
        ((TrainCommand) cmd.getSubcommands().get("train").getCommand()).kernel = new FirstAttemptsFail();
        int status = cmd.execute(args);
        SparkSessions.stopActive();
        System.exit(status);
    }

    @Override
    public Pass begin(double[] params, Layout layout) {
        TaskContext task = TaskContext.get();
        if (task != null && task.attemptNumber() == 0) {
            // Said on stderr too: the console's logging hides Spark's own task-failure lines.
            System.err.println(MESSAGE + " (partition " + task.partitionId() + ")");
            throw new IllegalStateException(MESSAGE);
        }
        return kernel.begin(params, layout);
    }
}
