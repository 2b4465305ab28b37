package digitnet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package has a package-info.java that says what it owns and, in a line
 * {@code May use: {@code a}, {@code b}.}, which digitnet packages it may use; its code uses no
 * other (the root package's UserError and Version are for all).
 */
class PackageInfoTest {
    private static final Path SOURCES = Path.of("src/main/java/digitnet");
    private static final Pattern USE = Pattern.compile("\\bdigitnet\\.([a-z]+)\\.[A-Z]");
    private static final Pattern MAY_USE = Pattern.compile("<p>May use: ([^.]*)\\.");
    private static final Pattern NAME = Pattern.compile("\\{@code ([a-z]+)\\}");

    @Test
    void everyPackageSaysWhatItMayUseAndUsesNothingElse() throws IOException {
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String pkg = SOURCES.relativize(dir).toString();
                Path info = dir.resolve("package-info.java");
                assertTrue(Files.exists(info), "no " + info);
                Matcher line = MAY_USE.matcher(Files.readString(info));
                assertTrue(line.find(), info + " has no '<p>May use: ...' line");
                Set<String> allowed = new TreeSet<>();
                for (Matcher m = NAME.matcher(line.group(1)); m.find(); ) {
                    allowed.add(m.group(1));
                }
                Set<String> used = new TreeSet<>();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                        for (Matcher m = USE.matcher(Files.readString(file)); m.find(); ) {
                            if (!m.group(1).equals(pkg)) {
                                used.add(m.group(1));
                            }
                        }
                    }
                }
                used.removeAll(allowed);
                assertTrue(used.isEmpty(), "package '" + pkg + "' uses " + used + ", which " + info + " does not allow");
            }
        }
    }
}
