package digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers with arrows in one direction: no package uses a package that uses
 * it back, directly or around a longer loop. Read from the sources (imports and fully qualified
 * names of {@code digitnet.x.Type}), so a new file that closes a loop fails here.
 */
class PackageLayersTest {
    private static final Path SOURCES = Path.of("src/main/java/digitnet");
    private static final Pattern USE = Pattern.compile("\\bdigitnet\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageUsesAPackageThatUsesItBack() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertTrue(uses.size() >= 7, "found the packages: " + uses.keySet());
        for (String start : uses.keySet()) {
            List<String> loop = loopFrom(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), loop, "a cycle among packages: " + String.join(" -> ", loop));
        }
    }

    @Test
    void theCoreNamesNoCommandLine() throws IOException {
        Map<String, Set<String>> uses = uses();
        uses.forEach((pkg, used) -> assertTrue(pkg.equals("cli") || !used.contains("cli"), pkg + " uses cli"));
    }

    /** Each package's uses of other digitnet packages. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path dir = SOURCES.relativize(file.getParent());
                String pkg = dir.toString().isEmpty() ? "" : dir.toString();
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** A path of uses from {@code at} back to {@code start}, or empty. */
    private static List<String> loopFrom(String start, String at, Map<String, Set<String>> uses, List<String> path,
            Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> loop = new ArrayList<>(path);
                loop.add(start);
                return loop;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> loop = loopFrom(start, next, uses, path, seen);
                if (!loop.isEmpty()) {
                    return loop;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }
}
