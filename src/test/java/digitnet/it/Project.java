package digitnet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Paths of the built project and the command lines the integration tests run it with. */
final class Project {
    /** Failsafe runs the tests in the project folder. */
    static final Path ROOT = Path.of("").toAbsolutePath();
    /** The Spark line under test and its Scala version, as scripts/run-local.sh's DIGITNET_SPARK, DIGITNET_SCALA. */
    static final String SPARK_LINE = System.getProperty("digitnet.spark", "4.2");
    static final String SCALA = System.getProperty("digitnet.scala", "2.13");
    /** That line's application jar and its Spark classpath (failsafe passes both, see pom.xml). */
    static final Path JAR = Path.of(System.getProperty("digitnet.jar", "target/digitnet.jar")).toAbsolutePath();
    static final Path CLASSPATH = Path.of(System.getProperty("digitnet.classpath", "target/classpath.txt")).toAbsolutePath();
    /** The bundled 10,000 real digits. */
    static final Path DIGITS = ROOT.resolve("data/mnist-10k.csv.gz");

    private Project() {}

    /** An empty folder {@code target/it/<name>} for one test's files. */
    static Path freshFolder(String name) {
        Path folder = ROOT.resolve("target/it").resolve(name);
        delete(folder);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many iterations {@link #training} runs. */
    static final int ITERATIONS = 20;

    /** The training every run of the integration tests does: {@link #ITERATIONS} iterations on the bundled digits. */
    static List<String> training(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DIGITS.toString(), "--out", out.toString(),
                "--iterations", String.valueOf(ITERATIONS), "--checkpoint-every", "5", "--eval-every", "1"));
        args.addAll(List.of(extra));
        return args;
    }

    /** The progress line a {@link #training} run prints after {@code iteration}. */
    static Pattern progress(int iteration) {
        return Pattern.compile("iteration +" + iteration + "/" + ITERATIONS + " ");
    }

    /** {@code scripts/run-local.sh} with {@code args} (on the line under test: {@link Launched} sets DIGITNET_SPARK). */
    static List<String> runLocal(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("scripts/run-local.sh").toString()));
        command.addAll(args);
        return command;
    }

    /**
     * digitnet started with plain {@code java} and no launcher script, as a user might start it:
     * {@code java [jvmOptions] @conf/jvm.options -cp jar:classpath digitnet.cli.Main args}.
     */
    static List<String> plainJava(List<String> jvmOptions, List<String> args) {
        return java(jvmOptions, JAR.toString(), "digitnet.cli.Main", args);
    }

    /** {@link #plainJava} with the test classes too, starting {@code mainClass} of the tests. */
    static List<String> testMain(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        try {
            Path testClasses = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            return java(jvmOptions, JAR + ":" + testClasses, mainClass.getName(), args);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> java(List<String> jvmOptions, String classes, String mainClass, List<String> args) {
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("@" + ROOT.resolve("conf/jvm.options"),
                    "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"),
                    "-cp", classes + ":" + Files.readString(CLASSPATH).trim(),
                    mainClass));
            command.addAll(args);
            return command;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
