package digitnet;

import digitnet.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process on the shared Spark session and captures what it prints. */
public final class Cli {
    private Cli() {}

    /** Exit status and the text written to stdout and stderr. */
    public record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Result run(String... args) {
        SharedSpark.session();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }
}
