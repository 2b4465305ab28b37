package digitnet.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1 (a Master and Workers with one core each), made from
 * the Maven jars alone as {@code ../shared/CLUSTER.md} describes: a SPARK_HOME whose {@code jars/}
 * links to every jar of the Spark line's classpath ({@link Project#CLASSPATH}) and whose {@code bin/spark-submit} does what
 * Spark's does. Applications go in through {@code scripts/submit.sh}, exactly as a user submits.
 */
final class StandaloneCluster implements AutoCloseable {
    /** Faster JVM start for daemons and drivers, whose own work is small. */
    static final String QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private final Path root;
    private final Path sparkHome;
    private final String masterUrl;
    private final List<Launched> daemons = new ArrayList<>();
    private final List<Launched> workers = new ArrayList<>();

    private StandaloneCluster(Path root, Path sparkHome, String masterUrl) {
        this.root = root;
        this.sparkHome = sparkHome;
        this.masterUrl = masterUrl;
    }

    /** Starts a Master and {@code workerCount} Workers under {@code root} and waits until all are registered. */
    static StandaloneCluster start(Path root, int workerCount) {
        Path sparkHome = sparkHome(root.resolve("spark-home"));
        int masterPort = freePort();
        StandaloneCluster cluster = new StandaloneCluster(root, sparkHome, "spark://127.0.0.1:" + masterPort);
        try {
            // The Master's REST submission server would take the fixed port 6066; it is not needed.
            Launched master = cluster.daemon("master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(masterPort),
                    "--webui-port", String.valueOf(freePort()));
            master.await(Pattern.compile("I have been elected leader"), Launched.seconds(120));
            for (int i = 1; i <= workerCount; i++) {
                cluster.workers.add(cluster.daemon("worker" + i, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--port", String.valueOf(freePort()),
                        "--webui-port", String.valueOf(freePort()), "--cores", "1", "--memory", "1g",
                        "--work-dir", root.resolve("work" + i).toString(), cluster.masterUrl));
            }
            for (Launched worker : cluster.workers) {
                worker.await(Pattern.compile("Successfully registered with master"), Launched.seconds(120));
            }
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return masterUrl;
    }

    /** What every process of the cluster, drivers included, needs in its environment. */
    Map<String, String> environment() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", Project.SCALA,
                "SPARK_LOCAL_IP", "127.0.0.1", "JAVA_HOME", System.getProperty("java.home"),
                "SPARK_SUBMIT_OPTS", QUICK_JVM);
    }

    /**
     * Submits {@code scripts/submit.sh [sparkOptions] digitnet...} to this cluster; the driver's
     * output goes to {@code log}.
     */
    Launched submit(Path log, List<String> sparkOptions, List<String> digitnet) {
        List<String> command = new ArrayList<>(List.of(Project.ROOT.resolve("scripts/submit.sh").toString(),
                "--master", masterUrl, "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.extraJavaOptions=-XX:+UseSerialGC"));
        command.addAll(sparkOptions);
        command.addAll(digitnet);
        return Launched.start(command, environment(), Project.ROOT, log);
    }

    /** The executor JVMs the Workers are running now. */
    List<ProcessHandle> executors() {
        return workers.stream().flatMap(w -> w.handle().children())
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains(
                        "org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false))
                .toList();
    }

    /** Stops every process of the cluster, executors included (SIGKILL). */
    @Override
    public void close() {
        daemons.forEach(Launched::close);
    }

    private Launched daemon(String name, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dspark.master.rest.enabled=false"));
        command.addAll(List.of(QUICK_JVM.split(" ")));
        command.addAll(List.of("-cp", sparkHome.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        Launched daemon = Launched.start(command, environment(), root, root.resolve(name + ".log"));
        daemons.add(daemon);
        return daemon;
    }

    /** A SPARK_HOME of links to the Maven jars plus the test's bin/spark-submit. */
    private static Path sparkHome(Path home) {
        try {
            Path jars = Files.createDirectories(home.resolve("jars"));
            for (String entry : Files.readString(Project.CLASSPATH).trim().split(":")) {
                Path jar = Path.of(entry);
                Path link = jars.resolve(jar.getFileName());
                if (entry.endsWith(".jar") && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, jar);
                }
            }
            Path submit = Files.createDirectories(home.resolve("bin")).resolve("spark-submit");
            try (InputStream script = StandaloneCluster.class.getResourceAsStream("spark-submit")) {
                Files.copy(script, submit, StandardCopyOption.REPLACE_EXISTING);
            }
            submit.toFile().setExecutable(true);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
