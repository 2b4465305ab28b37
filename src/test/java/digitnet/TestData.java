package digitnet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/** Small CSV files cut from the bundled real digits, for tests that need a file to read. */
public final class TestData {
    public static final Path BUNDLED = Path.of("data/mnist-10k.csv.gz");

    private TestData() {}

    /** The bundled file's header line. */
    public static String header() {
        return lines().get(0);
    }

    /** The bundled file's lines, header first (read once). */
    public static synchronized List<String> lines() {
        if (cache == null) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(BUNDLED)), StandardCharsets.US_ASCII))) {
                cache = List.copyOf(in.lines().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cache;
    }

    private static List<String> cache;

    /**
     * Writes {@code rows} data lines picked with {@code seed} from the bundled digits (every
     * class appears), header first, to {@code file}, and returns the file.
     */
    public static Path sample(Path file, int rows, long seed) {
        List<String> data = new ArrayList<>(lines().subList(1, lines().size()));
        Collections.shuffle(data, new Random(seed));
        List<String> out = new ArrayList<>();
        out.add(header());
        out.addAll(data.subList(0, rows));
        return write(file, out);
    }

    /** The lines of a test file. */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
