package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestModel;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code serve} refuses before it listens; the server itself is tested in
 * {@code digitnet.serve.DigitServerTest}, and the running command, Ctrl-C and the page in ServeIT.
 */
class ServeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aBadPortOrHostIsASettingsError() {
        String model = TestModel.run().toString();
        expectError(2, "--port must be 0 to 65535, not 70000", "--model", model, "--port", "70000");
        expectError(2, "--port must be 0 to 65535, not -1", "--model", model, "--port", "-1");
        expectError(2, "Invalid value for option '--port': 'http' is not an int", "--model", model, "--port", "http");
        expectError(2, "--host no-such-host.invalid: no such address on this machine", "--model", model,
                "--host", "no-such-host.invalid");
    }

    @Test
    void aMissingOrBadModelIsNamed() throws Exception {
        expectError(1, tmp.resolve("nothing") + ": no such file", "--model", tmp.resolve("nothing").toString());
        Path notAModel = Files.writeString(tmp.resolve("model.npz"), "not a zip");
        expectError(1, notAModel + ": not a .npz", "--model", notAModel.toString());
        expectError(2, "Missing required option: '--model=RUN|FILE.npz'");
    }

    @Test
    void aPortInUseIsSaidWithWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            expectError(1, "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use; "
                    + "choose another --port (0: any free one) or --host",
                    "--model", TestModel.run().toString(), "--port", String.valueOf(taken.getLocalPort()));
        }
    }

    /** Runs serve with {@code args}, which must fail with {@code status} and one error line holding {@code message}. */
    private static void expectError(int status, String message, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "serve";
        System.arraycopy(args, 0, command, 1, args.length);
        Cli.Result r = Cli.run(command);
        assertEquals(status, r.status(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.toString());
        assertTrue(lines[0].startsWith("error: ") && lines[0].contains(message), r.toString());
        assertEquals("", r.out());
    }
}
