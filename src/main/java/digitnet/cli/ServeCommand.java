package digitnet.cli;

import digitnet.UserError;
import digitnet.serve.DigitServer;
import digitnet.serve.ServedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code digitnet serve}: a trained model behind a small HTTP server, with a page to draw digits on. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serve a trained model over HTTP until Ctrl-C: a page to draw a digit on at /, POST /predict "
                + "for programs, GET /model for how it was trained. No Spark.",
        footer = {"%nPOST /predict takes {\"pixels\": [784 numbers 0-255]} (one digit, row by row, as in the data "
                + "files) or {\"rows\": [[...], ...]} (a batch) and answers the label, the ten probabilities and the "
                + "hidden units' outputs, the same numbers predict gives. A bad request gets HTTP 400 and "
                + "{\"error\": \"...\"}; bodies over " + DigitServer.MAX_BODY_BYTES + " bytes are refused."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN|FILE.npz",
            description = "A run folder of train (holding model.npz and run.json) or a model .npz file.")
    Path model;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
            description = "The port to listen on; 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only); "
                    + "0.0.0.0 lets every machine that reaches this one in.")
    String host;

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be 0 to 65535, not " + port, 2);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UserError("--host " + host + ": no such address on this machine", 2);
        }
        ServedModel served = ServedModel.load(model);
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch ctrlC = new CountDownLatch(1);
        Interruption interruption = Interruption.onSigint(ctrlC::countDown);
        try (DigitServer server = listen(served, address)) {
            out.printf("serving %s (%d hidden units) at %s%n", served.file(), served.hidden(), server.uri());
            if (!address.getAddress().isLoopbackAddress()) {
                spec.commandLine().getErr().println("warning: --host " + host + ": reachable from other machines, "
                        + "with no password");
            }
            out.println("Ctrl-C stops it");
            awaitUninterruptibly(ctrlC);
        } finally {
            interruption.close();
        }
        out.println("stopped");
        return 0;
    }

    private DigitServer listen(ServedModel served, InetSocketAddress address) {
        try {
            return DigitServer.start(served, address);
        } catch (IOException e) {
            throw new UserError("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + "; choose another --port (0: any free one) or --host");
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // Only Ctrl-C stops the server.
            }
        }
    }
}
