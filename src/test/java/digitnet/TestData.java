package digitnet;

import digitnet.data.Block;
import digitnet.nn.Layout;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The integers of a line of digits: the label, if the file has labels, then the pixels. */
    public static int[] fields(String line) {
        return Arrays.stream(line.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The pixels of a labelled line: its fields after the label. */
    public static int[] pixels(String labelledLine) {
        int[] f = fields(labelledLine);
        return Arrays.copyOfRange(f, 1, f.length);
    }

    /**
     * One block of {@code rows} real digits, every {@code stride}-th line of the bundled file,
     * the first {@code trainRows} of them training rows and the rest dev rows.
     */
    public static Block block(int rows, int trainRows, int stride) {
        return block(rows, trainRows, stride, null);
    }

    /** {@link #block(int, int, int)} with sample weights 0, 0.5, 1, 2.75 and 3 in turn: every kind a weight can be. */
    public static Block weightedBlock(int rows, int trainRows, int stride) {
        double[] kinds = {0, 0.5, 1, 2.75, 3};
        double[] weights = new double[rows];
        for (int r = 0; r < rows; r++) {
            weights[r] = kinds[r % kinds.length];
        }
        return block(rows, trainRows, stride, weights);
    }

    private static Block block(int rows, int trainRows, int stride, double[] weights) {
        byte[] labels = new byte[rows];
        byte[][] pixels = new byte[rows][Layout.PIXELS];
        for (int r = 0; r < rows; r++) {
            int[] f = fields(lines().get(1 + r * stride));
            labels[r] = (byte) f[0];
            for (int p = 0; p < Layout.PIXELS; p++) {
                pixels[r][p] = (byte) f[1 + p];
            }
        }
        return Block.pack(trainRows, labels, pixels, weights);
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
