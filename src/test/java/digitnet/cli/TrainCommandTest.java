package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.report.LearningCurve;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheThreeOutputs() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 300, 1);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--iterations", "3", "--dev-rows", "50", "--hidden", "4");
        assertEquals(0, r.status(), r.toString());
        assertTrue(Files.size(out.resolve("model.npz")) > 0);
        assertEquals(4, Files.readAllLines(out.resolve("metrics.csv")).size());
        assertTrue(Files.readString(out.resolve("run.json")).contains("\"train_rows\" : 250"));
        BufferedImage curve = ImageIO.read(out.resolve(LearningCurve.FILE_NAME).toFile());
        assertEquals(LearningCurve.WIDTH, curve.getWidth());
        assertEquals(LearningCurve.HEIGHT, curve.getHeight());
        assertTrue(r.out().contains("iteration     2/3"), "plain progress lines when stdout is not a terminal: " + r.out());
    }

    /** --augment trains K deformed copies of each training row too; run.json tells them from the rows read. */
    @Test
    void augmentTrainsCopiesOfTheTrainingRowsAndSaysSo() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 300, 1);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--iterations", "3", "--dev-rows", "50", "--hidden", "4", "--augment", "2");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("digitnet: 750 training rows (250 read, each with 2 deformed copies), 50 dev rows"),
                r.out());
        String run = Files.readString(out.resolve("run.json"));
        for (String field : List.of("\"rows\" : 300", "\"train_rows\" : 750", "\"dev_rows\" : 50", "\"augment\" : 2",
                "\"augment_elastic\" : false")) {
            assertTrue(run.contains(field), field + " in " + run);
        }
        for (String bad : List.of("-1", "101")) {
            Cli.Result refused = Cli.run("train", "--data", data.toString(), "--out", tmp.resolve("bad").toString(),
                    "--augment", bad);
            assertEquals(2, refused.status(), refused.toString());
            assertEquals("error: --augment must be 0..100, not " + bad, refused.err().strip());
        }
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void quietPrintsNothing() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 100, 2);
        Path out = tmp.resolve("run");
        Cli.Result r = Cli.run("train", "--data", data.toString(), "--out", out.toString(),
                "--iterations", "2", "--dev-rows", "0", "--hidden", "3", "--quiet");
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.out() + r.err());
        assertTrue(Files.exists(out.resolve(LearningCurve.FILE_NAME)));
    }

    /** A run without checkpoints leaves a model: the next run into its folder must not replace it unasked. */
    @Test
    void aFolderHoldingAModelIsRefusedUnlessForced() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 100, 3);
        Path out = tmp.resolve("run");
        String[] args = {"train", "--data", data.toString(), "--out", out.toString(), "--iterations", "2",
            "--dev-rows", "0", "--hidden", "3", "--checkpoint-every", "0", "--quiet"};
        assertEquals(0, Cli.run(args).status());
        byte[] model = Files.readAllBytes(out.resolve("model.npz"));

        Cli.Result again = Cli.run(args);
        assertEquals(2, again.status(), again.toString());
        assertEquals("error: " + out + " holds the model of an earlier run (" + out.resolve("model.npz")
                + "); pass --force to replace it, or choose another --out", again.err().strip());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.npz")));

        List<String> forced = new ArrayList<>(List.of(args));
        forced.addAll(List.of("--force", "--seed", "1"));
        Cli.Result replaced = Cli.run(forced.toArray(String[]::new));
        assertEquals(0, replaced.status(), replaced.toString());
        assertFalse(Arrays.equals(model, Files.readAllBytes(out.resolve("model.npz"))), "--force replaced the model");
        assertFalse(Files.exists(out.resolve(RunLock.FILE)), "the lock file outlived the run");
    }

    /** Two runs started at once into one empty folder: the second is refused while the first lives. */
    @Test
    void aFolderInUseByALiveRunIsRefused() throws Exception {
        Path data = TestData.sample(tmp.resolve("train.csv"), 300, 4);
        Path out = tmp.resolve("shared");
        CompletableFuture<Cli.Result> first = CompletableFuture.supplyAsync(() -> Cli.run("train", "--data",
                data.toString(), "--out", out.toString(), "--iterations", "40", "--dev-rows", "0", "--hidden", "3",
                "--quiet"));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!Files.exists(out.resolve(RunLock.FILE)) && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Cli.Result second = Cli.run("train", "--data", data.toString(), "--out", out.toString(), "--iterations", "2",
                "--dev-rows", "0", "--hidden", "3", "--quiet");
        assertEquals(0, first.get().status(), first.get().toString());
        assertEquals(2, second.status(), second.toString());
        assertEquals("error: " + out + " is in use by another train run (it holds " + out.resolve(RunLock.FILE)
                + "); wait for that run to end, or choose another --out", second.err().strip());
        assertTrue(Files.exists(out.resolve("model.npz")));
    }
}
