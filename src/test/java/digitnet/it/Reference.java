package digitnet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The run every other run of the integration tests must match bit for bit: {@link
 * Project#training} in local[2], started as users start it, with {@code scripts/run-local.sh}.
 * Made once, by whichever test needs it first; while it trains, the sockets its driver listens
 * on are noted.
 *
 * @param model     the bytes of its model.npz
 * @param listening the TCP sockets its driver listened on during training
 * @param uiPort    the port its Spark UI was asked to use
 */
record Reference(byte[] model, List<InetSocketAddress> listening, int uiPort) {
    private static Reference made;

    static synchronized Reference get() {
        if (made == null) {
            made = make();
        }
        return made;
    }

    /** The folder of the reference run (model.npz, run.json, ...), made first if need be. */
    static Path runFolder() {
        get();
        return Project.ROOT.resolve("target/it/reference/run");
    }

    private static Reference make() {
        Path dir = Project.freshFolder("reference");
        int uiPort = StandaloneCluster.freePort();
        // JDK_JAVA_OPTIONS reaches the JVM that run-local.sh starts without changing the script.
        try (Launched run = Launched.start(Project.runLocal(Project.training(dir.resolve("run"), "--master", "local[2]")),
                Map.of("JDK_JAVA_OPTIONS", "-Dspark.ui.port=" + uiPort), Project.ROOT, dir.resolve("driver.log"))) {
            run.await(Project.progress(1), Launched.seconds(300));
            List<InetSocketAddress> listening = ListeningSockets.of(run.handle());
            run.awaitSuccess(Launched.seconds(300));
            return new Reference(Files.readAllBytes(dir.resolve("run/model.npz")), listening, uiPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
