package digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents point at things that exist: every relative link in README.md and docs/*.md
 * reaches a file or folder of the tree, and a link to a heading ({@code page.md#anchor}) reaches a
 * heading of that page, by GitHub's spelling of anchors; every {@code scripts/…} and
 * {@code conf/…} path they name, in prose or in a command, is a file. Moving a section or renaming
 * a script then fails here, not in a reader's browser.
 */
class DocLinksTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    /** {@code [text](target)} and {@code ![alt](target)}, the target without spaces, an optional title after it. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** A path under scripts/ or conf/ that does not continue a longer path ({@code ../conf/x} is a link, checked as one). */
    private static final Pattern TREE_PATH = Pattern.compile("(?<![\\w./$-])((?:scripts|conf)/[A-Za-z0-9_.-]+)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#* *$");

    @Test
    void everyRelativeLinkReachesAFileAndItsHeading() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: and the like: outside the tree
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no " + resolved + ")");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(page + ": " + target + " (no such heading in " + resolved + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "links that lead nowhere");
    }

    @Test
    void everyScriptAndSettingsFileNamedExists() {
        List<String> missing = new ArrayList<>();
        for (Path page : pages()) {
            Matcher m = TREE_PATH.matcher(read(page));
            while (m.find()) {
                // A sentence may end right after the path: its full stop is not part of the name.
                String path = m.group(1).replaceAll("\\.+$", "");
                if (!Files.isRegularFile(Path.of(path))) {
                    missing.add(page + ": " + path);
                }
            }
        }
        assertEquals(List.of(), missing, "scripts and settings files the documents name but the tree lacks");
    }

    /** The front door stays one: issue 33 put everything else in the guides under docs/. */
    @Test
    void theReadmeStaysShort() {
        long lines = read(README).lines().count();
        assertTrue(lines <= 250, "README.md has " + lines + " lines; move detail into a guide under docs/");
    }

    /** GitHub's anchors: lower case, punctuation dropped, spaces as hyphens, a repeated heading numbered. */
    @Test
    void anchorsAreSpelledAsGitHubSpellsThem() {
        assertEquals("draw-a-digit-serve", slug("Draw a digit: `serve`"));
        assertEquals("81m-rows-on-the-avx2-machine-with-the-parallel-collector-2026-12-04-2137-2156-utc",
                slug("8.1M rows on the AVX2 machine, with the parallel collector (2026-12-04, 21:37-21:56 UTC)"));
        assertEquals("the-python-layers-cost-issue-31-2026-12-07-1333-utc",
                slug("The Python layer's cost (issue 31, 2026-12-07, 13:33 UTC)"));
    }

    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> files = Files.list(DOCS)) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The link targets of a page, outside fenced code blocks (where brackets are code, not links). */
    private static List<String> links(Path page) {
        List<String> targets = new ArrayList<>();
        for (String line : prose(page)) {
            Matcher m = LINK.matcher(line);
            while (m.find()) {
                targets.add(m.group(1));
            }
        }
        return targets;
    }

    /** The anchors of a page's headings, as GitHub makes them. */
    private static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        if (!page.toString().endsWith(".md")) {
            return anchors;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String slug = slug(m.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "").replace(' ', '-');
    }

    /** A page's lines outside fenced code blocks. */
    private static List<String> prose(Path page) {
        List<String> lines = new ArrayList<>();
        boolean code = false;
        for (String line : read(page).lines().toList()) {
            if (line.stripLeading().startsWith("```")) {
                code = !code;
            } else if (!code) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
