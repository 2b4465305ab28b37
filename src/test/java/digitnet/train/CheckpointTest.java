package digitnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.UserError;
import digitnet.io.FarFileSystem;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.train.IterationMetrics;
import digitnet.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    private static final Checkpoint.Data DATA = new Checkpoint.Data("data/train.csv", 42_000, "00c0ffee00c0ffee");
    private static final Map<String, String> SETTINGS = Map.of("hidden", "3", "learning-rate", "0.1");

    @TempDir
    Path run;

    @Test
    void roundTripKeepsEveryBit() {
        Checkpoint written = checkpoint(3, Map.of("m", new double[] {Double.NaN, -0.0, Double.MIN_VALUE}));
        CheckpointStore.runFolder(run).write(written);

        Checkpoint read = Checkpoint.read(run);

        assertEquals(3, read.iteration());
        assertArrayEquals(bits(written.model().params()), bits(read.model().params()));
        assertEquals(written.history(), read.history());
        assertArrayEquals(bits(written.optimizerState().get("m")), bits(read.optimizerState().get("m")));
        assertEquals(DATA, read.data());
        assertEquals(SETTINGS, read.settings());
        assertEquals(written.progress().history(), read.progress().history());
    }

    @Test
    void aLaterCheckpointReplacesTheEarlierOne() throws IOException {
        CheckpointStore.runFolder(run).write(checkpoint(2, Map.of()));
        CheckpointStore.runFolder(run).write(checkpoint(4, Map.of()));

        assertEquals(4, Checkpoint.read(run).iteration());
        try (Stream<Path> files = Files.list(run.resolve(Checkpoint.FOLDER))) {
            assertEquals(List.of("checkpoint.json", "state-000004.npz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void recordsTheDataAndTheSettings() {
        CheckpointStore.runFolder(run).write(checkpoint(1, Map.of()));

        Checkpoint read = Checkpoint.read(run);

        assertEquals(DATA, read.data());
        assertEquals(SETTINGS, read.settings());
    }

    @Test
    void deleteRemovesTheCheckpoint() {
        CheckpointStore.runFolder(run).write(checkpoint(1, Map.of()));

        Checkpoint.delete(run);

        assertFalse(Checkpoint.exists(run));
        assertFalse(Files.exists(run.resolve(Checkpoint.FOLDER)));
    }

    @Test
    void aStoreOnAnotherFileSystemKeepsTheSameFiles() throws IOException {
        Configuration conf = new Configuration();
        FarFileSystem.register(conf);
        CheckpointStore store = CheckpointStore.at(conf, FarFileSystem.far(run.resolve("elsewhere")));
        assertFalse(store.exists());

        store.write(checkpoint(2, Map.of()));
        Checkpoint written = checkpoint(4, Map.of("m", new double[] {1.5, -0.0}));
        store.write(written);

        assertTrue(store.exists());
        Checkpoint read = store.read();
        assertEquals(4, read.iteration());
        assertArrayEquals(bits(written.model().params()), bits(read.model().params()));
        assertArrayEquals(bits(written.optimizerState().get("m")), bits(read.optimizerState().get("m")));
        assertEquals(written.history(), read.history());
        try (Stream<Path> files = Files.list(run.resolve("elsewhere"))) {
            assertEquals(List.of("checkpoint.json", "state-000004.npz"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        CheckpointStore.runFolder(run).write(written);
        assertArrayEquals(Files.readAllBytes(run.resolve("checkpoint/state-000004.npz")),
                Files.readAllBytes(run.resolve("elsewhere/state-000004.npz")), "the same state file as a run folder's");

        Path state = run.resolve("elsewhere/state-000004.npz");
        Files.write(state, Arrays.copyOf(Files.readAllBytes(state), 100));
        UserError e = assertThrows(UserError.class, store::read);
        assertTrue(e.getMessage().startsWith(store + "/state-000004.npz: corrupted or truncated"), e.getMessage());

        store.delete();
        assertFalse(Files.exists(run.resolve("elsewhere")));
    }

    @Test
    void noCheckpoint() {
        assertError(run.resolve("absent"), run.resolve("absent") + ": no such run folder to resume");
        assertError(run, run + ": no checkpoint to resume");
    }

    @Test
    void damagedRecords() throws IOException {
        CheckpointStore.runFolder(run).write(checkpoint(2, Map.of()));
        Path record = run.resolve(Checkpoint.FOLDER).resolve("checkpoint.json");
        String good = Files.readString(record);

        Files.writeString(record, good.substring(0, good.length() / 2));
        assertError(run, record + ": not valid JSON");
        Files.writeString(record, "[1, 2]");
        assertError(run, record + ": not a digitnet checkpoint record");
        Files.writeString(record, good.replace("\"version\" : 2", "\"version\" : 3"));
        assertError(run, record + ": checkpoint version 3, but this digitnet reads version 2");
        Files.writeString(record, good.replace("state-000002.npz", "../../model.npz"));
        assertError(run, record + ": 'state' is not a state-NNNNNN.npz file name");
        Files.writeString(record, good.replace("\"iteration\" : 2", "\"iteration\" : 2.5"));
        assertError(run, record + ": 'iteration' is missing or not a count");
        Files.writeString(record, good.replace("\"iteration\" : 2", "\"iteration\" : 3"));
        assertError(run, record.resolveSibling("state-000002.npz") + ": array metrics has shape (2, 7), expected (3, 7)");
        Files.writeString(record, good.replace("\"learning-rate\" : \"0.1\"", "\"learning-rate\" : 0.1"));
        assertError(run, record + ": setting 'learning-rate' is not a string");
        Files.write(record, new byte[(1 << 20) + 1]);
        assertError(run, record + ": larger than 1048576 bytes; not a digitnet checkpoint record");
    }

    @Test
    void damagedState() throws IOException {
        CheckpointStore.runFolder(run).write(checkpoint(2, Map.of()));
        Path state = run.resolve(Checkpoint.FOLDER).resolve("state-000002.npz");
        byte[] whole = Files.readAllBytes(state);

        Files.write(state, Arrays.copyOf(whole, whole.length / 2));
        assertError(run, state + ": corrupted or truncated");
        Files.delete(state);
        assertError(run, state + ": no such file");
    }

    private static Checkpoint checkpoint(int iteration, Map<String, double[]> optimizerState) {
        Layout layout = new Layout(3);
        Random random = new Random(iteration);
        double[] params = new double[layout.size()];
        Arrays.setAll(params, i -> random.nextGaussian());
        params[0] = -0.0;
        params[1] = Double.MIN_VALUE;
        List<IterationMetrics> history = new ArrayList<>();
        for (int i = 0; i < iteration; i++) {
            history.add(new IterationMetrics(i, 2.3 / (i + 1), 0.1 * i, i == 0 ? Double.NaN : 0.09 * i, 40 + i,
                    i == 0 ? Double.NaN : 0.4 / (i + 1), 1 + i % 2));
        }
        return Checkpoint.of(new Trainer.Progress(iteration, params, history, optimizerState), new Model(layout, params),
                DATA, SETTINGS);
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    private static void assertError(Path runDir, String expectedStart) {
        UserError error = assertThrows(UserError.class, () -> Checkpoint.read(runDir));
        assertTrue(error.getMessage().startsWith(expectedStart),
                "expected a message starting with\n  " + expectedStart + "\nbut got\n  " + error.getMessage());
    }
}
