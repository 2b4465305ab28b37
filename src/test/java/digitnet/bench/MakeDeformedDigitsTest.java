package digitnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.data.Deformation;
import digitnet.data.DigitShape;
import digitnet.data.RowKey;
import digitnet.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale benchmarks' data generator writes the bundled digits, then their deformed copies, the
 * same rows for the same arguments, and the same rows in each format.
 */
class MakeDeformedDigitsTest {
    /** The bundled digits and the first copy of the first 30 of them. */
    private static final long ROWS = 10_030;

    @TempDir
    static Path tmp;

    static Path csv;

    @BeforeAll
    static void writeTheCsv() throws IOException {
        csv = write("deformed.csv", "csv", 0);
    }

    @Test
    void theBundledDigitsComeFirstThenEachOnesDeformedCopyWithItsLabel() throws IOException {
        List<String> bundled = TestData.lines();
        List<String> lines = lines(csv);
        assertEquals(bundled.get(0), lines.get(0), "the header");
        assertEquals(ROWS, lines.size() - 1);
        int real = bundled.size() - 1;
        assertEquals(bundled.subList(1, bundled.size()), lines.subList(1, 1 + real));
        for (int row = real; row < ROWS; row++) {
            int[] original = TestData.fields(bundled.get(1 + row - real));
            int[] copy = TestData.fields(lines.get(1 + row));
            assertEquals(original[0], copy[0], "row " + row + "'s label");
            byte[] pixels = pixels(original);
            byte[] deformed = Deformation.of(Deformation.Range.AFFINE, RowKey.contentHash(original[0], pixels), 1, 0)
                    .apply(pixels);
            assertArrayEquals(deformed, pixels(copy), "row " + row + " is copy 1 of digit " + (row - real));
            assertNotEquals(Arrays.toString(original), Arrays.toString(copy), "row " + row + " is deformed");
        }
    }

    @Test
    void theSameArgumentsWriteTheSameRowsAndAnotherSeedOtherCopies() throws IOException {
        List<String> written = lines(csv);
        assertEquals(written, lines(write("again.csv", "csv", 0)));
        List<String> seeded = lines(write("seed-1.csv", "csv", 1));
        int real = TestData.lines().size();
        assertEquals(written.subList(0, real), seeded.subList(0, real));
        for (int line = real; line < seeded.size(); line++) {
            assertNotEquals(written.get(line), seeded.get(line), "line " + line);
        }
    }

    /** The three formats are the same digits to digitnet: train gives the same model bytes. */
    @Test
    void libsvmAndParquetHoldTheCsvsRows() throws IOException {
        byte[] model = train(csv);
        assertArrayEquals(model, train(write("deformed.libsvm", "libsvm", 0)), "LIBSVM");
        assertArrayEquals(model, train(write("deformed.parquet", "parquet", 0)), "Parquet");
    }

    private static Path write(String name, String format, long seed) throws IOException {
        Path out = tmp.resolve(name);
        MakeDeformedDigits.write(SharedSpark.session(), out, ROWS, format, Deformation.Range.AFFINE, seed);
        assertTrue(Files.isDirectory(out) && !Files.exists(tmp.resolve(name + ".tmp")), "written under its name");
        return out;
    }

    /** The lines of a CSV folder's part files in order, each part's header after the first left out. */
    private static List<String> lines(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> partLines = Files.readAllLines(part);
                lines.addAll(lines.isEmpty() ? partLines : partLines.subList(1, partLines.size()));
            }
        }
        return lines;
    }

    private static byte[] pixels(int[] fields) {
        byte[] pixels = new byte[DigitShape.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) fields[1 + p];
        }
        return pixels;
    }

    private static byte[] train(Path data) throws IOException {
        Path out = tmp.resolve("run-" + data.getFileName());
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(), "--hidden", "5",
                "--iterations", "2", "--dev-rows", "30", "--quiet");
        assertEquals(0, r.status(), r.toString());
        return Files.readAllBytes(out.resolve(Model.FILE_NAME));
    }
}
