package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.Cli;
import digitnet.TestData;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The optimizer, schedule and early-stopping flags and the presets, through the command line. */
class TrainOptimizersTest {
    @TempDir
    static Path shared;
    static Path data;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sample() {
        data = TestData.sample(shared.resolve("train.csv"), 300, 6);
    }

    private Path train(String name, String... flags) {
        Path out = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString(),
                "--dev-rows", "50", "--hidden", "8"));
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        return out;
    }

    private static JsonNode runJson(Path run) throws IOException {
        return new ObjectMapper().readTree(run.resolve("run.json").toFile());
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void theNotebookPresetIsTheDefaultsAndTrainsTheSameModelBitForBit() throws IOException {
        Properties defaults = properties(Path.of("conf/digitnet.properties"));
        Properties notebook = properties(Path.of("conf/notebook.properties"));
        for (String key : notebook.stringPropertyNames()) {
            assertEquals(defaults.getProperty(key), notebook.getProperty(key), key);
        }

        Path byDefault = train("default", "--iterations", "5");
        Path preset = train("notebook", "--conf", "conf/notebook.properties", "--iterations", "5");
        assertArrayEquals(Files.readAllBytes(byDefault.resolve("model.npz")),
                Files.readAllBytes(preset.resolve("model.npz")));
        assertEquals(runJson(byDefault).get("settings"), runJson(preset).get("settings"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"momentum", "nesterov", "adam", "lbfgs"})
    void everyOptimizerLowersTheLoss(String optimizer) throws IOException {
        Path run = train(optimizer, "--optimizer", optimizer, "--learning-rate", "0.01", "--init", "he",
                "--iterations", "8");
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(9, metrics.size());
        double first = Double.parseDouble(metrics.get(1).split(",")[1]);
        JsonNode json = runJson(run);
        assertTrue(json.get("final").get("loss").asDouble() < first, optimizer + ": " + json.get("final"));
        assertEquals(optimizer, json.get("settings").get("optimizer").asText());
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndSavesTheBestWeights() throws IOException {
        // No change of dev accuracy can exceed a min-delta of 1: the start stays the best.
        Path run = train("stopped", "--patience", "3", "--min-delta", "1", "--iterations", "50");
        Path start = train("start", "--iterations", "0");

        assertEquals(1 + 3, Files.readAllLines(run.resolve("metrics.csv")).size());
        JsonNode saved = runJson(run).get("saved_model");
        assertEquals(0, saved.get("iteration").asInt());
        assertTrue(saved.get("stopped_early").asBoolean());
        assertEquals("best dev_accuracy", saved.get("chosen_as").asText());
        assertEquals(3, runJson(run).get("final").get("iteration").asInt());
        assertArrayEquals(Files.readAllBytes(start.resolve("model.npz")), Files.readAllBytes(run.resolve("model.npz")));
    }

    @Test
    void earlyStoppingKeepsTheLastWeightsWhenTheyAreTheBest() throws IOException {
        Path run = train("improving", "--optimizer", "adam", "--learning-rate", "0.001", "--init", "he",
                "--patience", "20", "--early-stop-metric", "dev_loss", "--iterations", "3");
        JsonNode saved = runJson(run).get("saved_model");
        assertEquals(3, saved.get("iteration").asInt());
        assertEquals("best dev_loss", saved.get("chosen_as").asText());
        assertTrue(!saved.get("stopped_early").asBoolean());
    }

    /** Every setting a preset holds reaches run.json, but the size and length this small test overrides. */
    @ParameterizedTest
    @ValueSource(strings = {"conf/best.properties", "conf/augmented.properties"})
    void eachPresetIsAcceptedAsIs(String preset) throws IOException {
        Path run = train("preset", "--conf", preset, "--iterations", "3");
        Properties settings = properties(Path.of(preset));
        JsonNode recorded = runJson(run).get("settings");
        for (String key : settings.stringPropertyNames()) {
            if (List.of("hidden", "iterations", "dev-rows").contains(key)) {
                continue;
            }
            JsonNode value = recorded.get(key.replace('-', '_'));
            String expected = settings.getProperty(key);
            if (value.isNumber()) {
                assertEquals(Double.parseDouble(expected), value.asDouble(), preset + " " + key);
            } else {
                assertEquals(expected, value.asText(), preset + " " + key);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--optimizer lbfgs --lr-schedule cosine|--lr-schedule cosine does not apply to --optimizer lbfgs",
        "--patience 3 --dev-rows 0|--patience needs dev rows",
        "--momentum 1|--momentum must be in [0, 1), not 1.0",
        "--lr-schedule warmup-cosine --lr-warmup 0|--lr-warmup must be at least 1",
        "--optimizer sgd|Invalid value for option '--optimizer'"})
    void badSettingsAreOneErrorLineAndExitTwo(String argsAndMessage) {
        String[] parts = argsAndMessage.split("\\|");
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out",
                tmp.resolve("never").toString()));
        args.addAll(List.of(parts[0].split(" ")));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(parts[1]), r.toString());
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(Files.notExists(tmp.resolve("never")));
    }
}
