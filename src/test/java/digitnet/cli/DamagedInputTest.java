package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.LongLine;
import digitnet.TestData;
import digitnet.io.Npz;
import digitnet.io.NpzFiles;
import digitnet.model.Model;
import digitnet.nn.Layout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and damaged input files through the command line: each gets one {@code error:} line
 * naming the file and the problem, exit status 1, and the output folder of an earlier run keeps
 * every byte. Readers keep bounded memory by design ({@code Npz}'s limits, the CSV line limit);
 * the bounded driver heap itself is shown in {@code ClusterIT}.
 */
class DamagedInputTest {
    @TempDir
    static Path shared;
    static Path data;
    static Path goodModel;

    @TempDir
    Path tmp;
    Path out;
    Map<String, byte[]> outputsBefore;

    @BeforeAll
    static void sample() {
        data = TestData.sample(shared.resolve("train.csv"), 300, 7);
        goodModel = shared.resolve("good.npz");
        new Model(new Layout(4), new double[new Layout(4).size()]).save(goodModel);
    }

    /** The folder of an earlier, finished run, which no failing run may touch. */
    @BeforeEach
    void earlierRun() throws IOException {
        out = tmp.resolve("run");
        Files.createDirectories(out);
        outputsBefore = new LinkedHashMap<>();
        for (String name : List.of("model.npz", "metrics.csv", "run.json")) {
            byte[] bytes = (name + " of an earlier run").getBytes();
            Files.write(out.resolve(name), bytes);
            outputsBefore.put(name, bytes);
        }
    }

    @Test
    void damagedStartingWeights() throws IOException {
        byte[] good = Files.readAllBytes(goodModel);
        byte[] flipped = good.clone();
        flipped[30 + "W1.npy".length() + 128 + 100] ^= 1;
        Path declaredBomb = NpzFiles.zip(tmp.resolve("declared-bomb.npz"),
                Map.of("W1.npy", NpzFiles.npy1("(100000, 100000)", new byte[100])));
        Path f4 = NpzFiles.zip(tmp.resolve("f4.npz"), Map.of("W1.npy",
                NpzFiles.npy1Header("{'descr': '<f4', 'fortran_order': False, 'shape': (4, 784), }", new byte[4 * 4 * 784])));

        Map<Path, String> cases = new LinkedHashMap<>();
        cases.put(Files.write(tmp.resolve("truncated.npz"), Arrays.copyOf(good, good.length / 2)), "corrupted or truncated");
        cases.put(Files.write(tmp.resolve("flipped.npz"), flipped), "entry W1.npy: corrupted: CRC mismatch");
        cases.put(Files.write(tmp.resolve("text.npz"), "W1,b1\n".getBytes()), "not a .npz (zip) file");
        cases.put(f4, "entry W1.npy: dtype '<f4' is not float64 ('<f8')");
        cases.put(NpzFiles.zip(tmp.resolve("shape.npz"), Map.of("W1.npy", NpzFiles.npy1("(4, 783)", new byte[8 * 4 * 783]))),
                "array W1 has shape (4, 783), expected (4, 784)");
        cases.put(declaredBomb, "entry W1.npy: shape (100000, 100000) declares 80000000000 bytes, which exceeds the limit");
        cases.put(deflateBomb(tmp.resolve("deflate-bomb.npz")), "entry W1.npy: unexpected data after the 25088 bytes");
        cases.put(NpzFiles.zip(tmp.resolve("header.npz"), Map.of("W1.npy", NpzFiles.npy2WithHeaderOf(10_000_000))),
                "entry W1.npy: .npy header of 10000000 bytes exceeds the limit of 65536 bytes");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            assertRefused(c.getKey() + ": " + c.getValue(), "--init-from", c.getKey().toString());
        }
    }

    @Test
    void csvWithATenMegabyteLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(data));
        lines.set(3, "7" + ",0".repeat(5 * 1024 * 1024));
        Path csv = TestData.write(tmp.resolve("long-line.csv"), lines);

        assertRefused(csv + " line 4: is 10485761 characters long, more than the limit of 65536 (a digit line has at "
                + "most about 3,200)", "--data", csv.toString());
    }

    /**
     * The case of issue 32: a small gzip file whose second line expands to 256 MB without a newline (and a LIBSVM one of 64 MB).
     * The executors keep a bounded part of each line, so the line is refused like any other bad one.
     */
    @Test
    void gzipWhoseLineExpandsToHundredsOfMegabytes() throws IOException {
        Path csv = tmp.resolve("long-line.csv.gz");
        long repeated = LongLine.gzip(csv, TestData.header() + "\n7", ",0", 256 << 20, "\n");
        String tooLong = csv + " line 2: is " + (1 + repeated) + " characters long, more than the limit of 65536 "
                + "(a digit line has at most about 3,200)";

        assertRefused(tooLong, "--data", csv.toString());

        Cli.Result predicted = Cli.run("predict", "--model", goodModel.toString(), "--data", csv.toString(),
                "--out", tmp.resolve("submission.csv").toString());
        assertEquals(1, predicted.status(), predicted.toString());
        assertEquals("error: " + tooLong + "\n", predicted.err());
        assertFalse(Files.exists(tmp.resolve("submission.csv")));

        Path libsvm = tmp.resolve("long-line.libsvm.gz");
        repeated = LongLine.gzip(libsvm, "3", " 1:0", 64 << 20, "\n");
        assertRefused(libsvm + " line 1: is " + (1 + repeated) + " characters long, more than the limit of 65536 "
                + "(a digit line has at most about 12,000)", "--data", libsvm.toString());
    }

    @Test
    void binaryFileGivenAsData() throws IOException {
        Path binary = Files.copy(goodModel, tmp.resolve("model.csv"));

        assertRefused(binary + " line 1: header is not label,pixel0,...,pixel783 (found 'PK??", "--data", binary.toString());
    }

    @Test
    void gzipThatEndsEarly() throws IOException {
        byte[] gz = Files.readAllBytes(TestData.BUNDLED);
        Path cut = Files.write(tmp.resolve("cut.csv.gz"), Arrays.copyOf(gz, gz.length / 3));

        assertRefused(cut + ": cannot read: Unexpected end of input stream; the file may be truncated or damaged",
                "--data", cut.toString());

        Cli.Result predicted = Cli.run("predict", "--model", goodModel.toString(), "--data", cut.toString(),
                "--out", tmp.resolve("submission.csv").toString());
        assertEquals(1, predicted.status(), predicted.toString());
        assertEquals("error: " + cut + ": cannot read: Unexpected end of input stream; the file may be truncated or "
                + "damaged\n", predicted.err());
    }

    @Test
    void folderWithOneBadFileAmongGoodOnes() throws IOException {
        List<String> lines = Files.readAllLines(data);
        Path folder = Files.createDirectories(tmp.resolve("parts"));
        TestData.write(folder.resolve("part-0.csv"), lines.subList(0, 101));
        List<String> bad = new ArrayList<>(lines.subList(0, 101));
        bad.set(50, bad.get(50).replaceFirst(",0,", ",256,"));
        TestData.write(folder.resolve("part-1.csv"), bad);
        TestData.write(folder.resolve("part-2.csv"), lines.subList(0, 101));

        assertRefused("file:" + folder.resolve("part-1.csv") + " line 51: pixel", "--data", folder.toString());
        assertTrue(lastError.contains("is 256, outside 0..255"), lastError);

        Files.write(folder.resolve("part-1.csv"), Arrays.copyOf(Files.readAllBytes(TestData.BUNDLED), 5000));
        Files.move(folder.resolve("part-1.csv"), folder.resolve("part-1.csv.gz"));
        assertRefused("file:" + folder.resolve("part-1.csv.gz") + ": cannot read: ", "--data", folder.toString());
    }

    @Test
    void damagedCheckpoint() throws IOException {
        Path run = tmp.resolve("resumable");
        Cli.Result trained = Cli.run("train", "--data", data.toString(), "--out", run.toString(), "--iterations", "2",
                "--hidden", "4", "--dev-rows", "50", "--checkpoint-every", "1");
        assertEquals(0, trained.status(), trained.toString());
        Path state = run.resolve("checkpoint/state-000002.npz");
        byte[] whole = Files.readAllBytes(state);
        Files.write(state, Arrays.copyOf(whole, whole.length - 100));
        byte[] model = Files.readAllBytes(run.resolve("model.npz"));

        Cli.Result r = Cli.run("train", "--resume", run.toString());

        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + state + ": corrupted or truncated"), r.err());
        assertArrayEquals(model, Files.readAllBytes(run.resolve("model.npz")));
    }

    private String lastError;

    /** Trains with {@code args} into the earlier run's folder; expects one error line starting with {@code error}. */
    private void assertRefused(String error, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("train", "--out", out.toString(), "--force", "--hidden", "4",
                "--dev-rows", "50", "--iterations", "2"));
        if (!List.of(args).contains("--data")) {
            all.addAll(List.of("--data", data.toString()));
        }
        all.addAll(List.of(args));

        Cli.Result r = Cli.run(all.toArray(String[]::new));

        lastError = r.err();
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + error), "expected an error starting with\n  error: " + error
                + "\nbut got\n  " + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        for (Map.Entry<String, byte[]> output : outputsBefore.entrySet()) {
            assertArrayEquals(output.getValue(), Files.readAllBytes(out.resolve(output.getKey())), output.getKey());
        }
    }

    /** A zip bomb: W1 (4×784) followed by 200 MB of zeros, deflated to about 200 KB. */
    private static Path deflateBomb(Path file) throws IOException {
        byte[] w1 = NpzFiles.npy1("(4, 784)", new byte[8 * 4 * 784]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("W1.npy"));
            zip.write(w1);
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return Files.write(file, bytes.toByteArray());
    }
}
