package digitnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.ProjectPython;
import digitnet.UserError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    /** Values whose exact bits are easy to lose: NaN payloads, signed zero, subnormals. */
    private static final double[] AWKWARD = {
        Double.NaN,
        Double.longBitsToDouble(0x7ff8_0000_0000_1234L), // quiet NaN with a payload
        Double.longBitsToDouble(0xfff0_0000_0000_0001L), // negative signalling NaN
        -0.0,
        0.0,
        Double.MIN_VALUE,
        Double.longBitsToDouble(0x000f_ffff_ffff_ffffL), // largest subnormal
        -Double.MIN_NORMAL,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE,
        1.0 / 3.0,
    };

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsOrderShapesAndExactBits() {
        Map<String, NdArray> model = model(3);
        Path file = dir.resolve("model.npz");

        Npz.write(file, model);
        Map<String, NdArray> read = Npz.read(file);

        assertEquals(List.of("W1", "b1", "W2", "b2"), List.copyOf(read.keySet()));
        for (String name : model.keySet()) {
            assertArrayEquals(model.get(name).shape(), read.get(name).shape(), name);
            assertArrayEquals(rawBits(model.get(name).data()), rawBits(read.get(name).data()), name);
        }
    }

    @Test
    void identicalInputGivesByteIdenticalFilesInAnyTimeZone() throws IOException {
        Path first = dir.resolve("first.npz");
        Path second = dir.resolve("second.npz");
        TimeZone original = TimeZone.getDefault();

        Npz.write(first, model(3));
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            Npz.write(second, model(3));
        } finally {
            TimeZone.setDefault(original);
        }

        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void numpyLoadsWhatWeWrite() throws Exception {
        Path file = dir.resolve("model.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("W1", NdArray.of(3, 784, ramp(3 * 784)));
        arrays.put("b2", new NdArray(new int[] {10}, ramp(10)));
        arrays.put("s", new NdArray(new int[] {}, new double[] {2.5}));
        Npz.write(file, arrays);

        String output = python("""
                import sys, numpy as np
                d = np.load(sys.argv[1])
                ramp = lambda n: np.arange(n) * 0.25 - 3
                assert list(d.keys()) == ['W1', 'b2', 's'], list(d.keys())
                assert d['W1'].dtype == np.float64 and d['W1'].shape == (3, 784)
                assert np.array_equal(d['W1'], ramp(3 * 784).reshape(3, 784))
                assert d['b2'].shape == (10,) and np.array_equal(d['b2'], ramp(10))
                assert d['s'].shape == () and d['s'] == 2.5
                print('ok')
                """, file.toString());

        assertEquals("ok", output.strip());
    }

    @Test
    void readsWhatNumpyWritesPlainCompressedAndFortranOrdered() throws Exception {
        Path plain = dir.resolve("plain.npz");
        Path compressed = dir.resolve("compressed.npz");
        python("""
                import sys, numpy as np
                arrays = dict(
                    W1=np.arange(12, dtype=np.float64).reshape(3, 4) / 7,
                    b1=np.array([-0.0, np.inf, 5e-324]),
                    F=np.asfortranarray(np.arange(6, dtype=np.float64).reshape(2, 3)),
                    s=np.float64(2.5))
                np.savez(sys.argv[1], **arrays)
                np.savez_compressed(sys.argv[2], **arrays)
                """, plain.toString(), compressed.toString());

        for (Path file : List.of(plain, compressed)) {
            Map<String, NdArray> read = Npz.read(file);

            assertEquals(List.of("W1", "b1", "F", "s"), List.copyOf(read.keySet()), file.toString());
            double[] w1 = new double[12];
            Arrays.setAll(w1, i -> i / 7.0);
            assertEquals(NdArray.of(3, 4, w1), read.get("W1"));
            assertArrayEquals(rawBits(new double[] {-0.0, Double.POSITIVE_INFINITY, Double.MIN_VALUE}),
                    rawBits(read.get("b1").data()));
            assertEquals(NdArray.of(2, 3, new double[] {0, 1, 2, 3, 4, 5}), read.get("F"));
            assertEquals(new NdArray(new int[] {}, new double[] {2.5}), read.get("s"));
        }
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("absent.npz");

        assertError(file, file + ": no such file");
    }

    @Test
    void randomBytesAreNotAnNpz() throws IOException {
        byte[] noise = new byte[5000];
        new Random(7).nextBytes(noise);
        noise[0] = 'x';
        Path file = Files.write(dir.resolve("noise.npz"), noise);

        assertError(file, file + ": not a .npz (zip) file");
    }

    @Test
    void zipSignatureFollowedByGarbageIsCorrupted() throws IOException {
        byte[] bytes = new byte[5000];
        new Random(7).nextBytes(bytes);
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, bytes, 0, 4);
        Path file = Files.write(dir.resolve("garbage.npz"), bytes);

        assertError(file, file + ": corrupted or truncated");
    }

    @Test
    void truncatedFile() throws IOException {
        Path file = dir.resolve("model.npz");
        Npz.write(file, model(3));
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        assertError(file, file + ": corrupted or truncated");
    }

    @Test
    void entryWithLessDataThanItsShapeDeclares() throws IOException {
        Path file = zip("short.npz", Map.of("W1.npy", NpzFiles.npy1("(10, 784)", new byte[1000])));

        assertError(file, file + ": entry W1.npy: truncated: expected 62720 bytes of data, found 1000");
    }

    @Test
    void entryWithMoreDataThanItsShapeDeclares() throws IOException {
        Path file = zip("long.npz", Map.of("b1.npy", NpzFiles.npy1("(2,)", new byte[17])));

        assertError(file, file + ": entry b1.npy: unexpected data after the 16 bytes");
    }

    @Test
    void flippedDataByteIsACrcMismatch() throws IOException {
        Path file = dir.resolve("model.npz");
        Npz.write(file, model(3));
        byte[] bytes = Files.readAllBytes(file);
        // Past the first zip local header and .npy preamble: inside W1's data.
        bytes[30 + "W1.npy".length() + 128 + 100] ^= 1;
        Files.write(file, bytes);

        assertError(file, file + ": entry W1.npy: corrupted: CRC mismatch");
    }

    @Test
    void declaredHugeShapeIsRejectedBeforeAllocating() throws IOException {
        Path file = zip("bomb.npz", Map.of("W1.npy", NpzFiles.npy1("(100000, 100000)", new byte[100])));

        UserError error = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(UserError.class, () -> Npz.read(file)));

        assertTrue(error.getMessage().startsWith(file + ": entry W1.npy: shape (100000, 100000) declares "
                + "80000000000 bytes, which exceeds the limit of 536870912 bytes"), error.getMessage());
    }

    @Test
    void arraysTogetherMayNotExceedTheLimit() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.npy", NpzFiles.npy1("(1,)", new byte[8]));
        entries.put("b.npy", NpzFiles.npy1("(" + Npz.MAX_TOTAL_BYTES / 8 + ",)", new byte[0]));
        Path file = zip("over.npz", entries);

        assertError(file, file + ": entry b.npy: shape (67108864,) declares 536870912 bytes, which exceeds the limit"
                + " of 536870912 bytes (512 MiB) for all arrays together (earlier arrays use 8 bytes)");
    }

    @Test
    void wrongDtype() throws IOException {
        Path file = zip("f4.npz", Map.of("W1.npy",
                NpzFiles.npy1Header("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8])));

        assertError(file, file + ": entry W1.npy: dtype '<f4' is not float64 ('<f8'); save the arrays as float64");
    }

    @Test
    void bigEndian() throws IOException {
        Path file = zip("be.npz", Map.of("W1.npy",
                NpzFiles.npy1Header("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", new byte[16])));

        assertError(file, file + ": entry W1.npy: dtype '>f8' is big-endian");
    }

    @Test
    void malformedHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("{'descr': '<f8', 'fortran_order': False, }", "no 'shape'");
        headers.put("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }", "'shape' is not a tuple");
        headers.put("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': 1}", "cannot parse");
        headers.put("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': (1,)}", "unknown key 'x'");
        headers.put("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}", "key 'descr' appears twice");
        headers.put("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (2,)}", "cannot parse");
        headers.put("['descr', '<f8']", "not a {...} dict");
        headers.put("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,)}", "cannot parse");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            Path file = zip("malformed.npz", Map.of("W1.npy", NpzFiles.npy1Header(header.getKey(), new byte[16])));

            assertError(file, file + ": entry W1.npy: malformed .npy header: " + header.getValue());
        }
    }

    @Test
    void headerLongerThanTheLimit() throws IOException {
        Path file = zip("long-header.npz", Map.of("W1.npy", NpzFiles.npy2WithHeaderOf(100_000)));

        assertError(file, file + ": entry W1.npy: .npy header of 100000 bytes exceeds the limit of 65536 bytes");
    }

    @Test
    void bareNpyFileIsNamedAsSuch() throws IOException {
        Path file = Files.write(dir.resolve("W1.npy"), NpzFiles.npy1("(2,)", new byte[16]));

        assertError(file, file + ": is a single .npy array, not a .npz (zip) file");
    }

    @Test
    void requireReturnsTheArrayWithTheExpectedShape() {
        Map<String, NdArray> model = model(3);

        assertEquals(model.get("W2"), Npz.require(model, Path.of("model.npz"), "W2", 10, 3));
    }

    @Test
    void requireNamesAMissingArray() {
        Map<String, NdArray> model = model(3);
        model.remove("W1");

        UserError error = assertThrows(UserError.class,
                () -> Npz.require(model, Path.of("model.npz"), "W1", 3, 784));

        assertEquals("model.npz: no array W1 (the file has b1, W2, b2)", error.getMessage());
    }

    @Test
    void requireNamesAWrongShape() {
        Map<String, NdArray> model = model(3);

        UserError error = assertThrows(UserError.class,
                () -> Npz.require(model, Path.of("model.npz"), "W1", 10, 784));

        assertEquals("model.npz: array W1 has shape (3, 784), expected (10, 784)", error.getMessage());
    }

    // ---- helpers ----

    /** The network's arrays for {@code hidden} units, with awkward values mixed into random ones. */
    private static Map<String, NdArray> model(int hidden) {
        Random random = new Random(42);
        Map<String, NdArray> model = new LinkedHashMap<>();
        model.put("W1", NdArray.of(hidden, 784, values(random, hidden * 784)));
        model.put("b1", NdArray.of(hidden, 1, values(random, hidden)));
        model.put("W2", NdArray.of(10, hidden, values(random, 10 * hidden)));
        model.put("b2", NdArray.of(10, 1, values(random, 10)));
        return model;
    }

    private static double[] values(Random random, int count) {
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = i < AWKWARD.length ? AWKWARD[i] : random.nextGaussian();
        }
        return values;
    }

    private static double[] ramp(int count) {
        double[] values = new double[count];
        Arrays.setAll(values, i -> i * 0.25 - 3);
        return values;
    }

    private static long[] rawBits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** A compressed zip of the given entries in the test's folder. */
    private Path zip(String name, Map<String, byte[]> entries) {
        return NpzFiles.zip(dir.resolve(name), entries);
    }

    private static void assertError(Path file, String expectedStart) {
        UserError error = assertThrows(UserError.class, () -> Npz.read(file));
        assertTrue(error.getMessage().startsWith(expectedStart),
                "expected a message starting with\n  " + expectedStart + "\nbut got\n  " + error.getMessage());
    }

    /** Runs a Python script with arguments; returns its output, or fails with its output. */
    private static String python(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(ProjectPython.executable(), "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("python failed:\n" + output);
        }
        return output;
    }
}
