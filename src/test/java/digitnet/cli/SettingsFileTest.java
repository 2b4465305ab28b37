package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.train.Checkpoint;
import digitnet.train.CheckpointStore;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.train.Init;
import digitnet.train.Trainer;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Settings files mean what they say: train's settings only, and the data decided in one place. */
class SettingsFileTest {
    @TempDir
    Path tmp;

    /** {@code random} is show's flag and {@code conf}, {@code resume}, {@code force} steer the command line. */
    @ParameterizedTest
    @ValueSource(strings = {"random", "rows", "model", "conf", "resume", "force", "probabilities"})
    void aKeyThatIsNoTrainSettingIsRefused(String key) throws Exception {
        Path conf = Files.writeString(tmp.resolve("other.properties"), "hidden=4\n" + key + "=5\n");
        Path out = tmp.resolve("out");
        Cli.Result r = Cli.run("train", "--data", TestData.BUNDLED.toString(), "--out", out.toString(),
                "--conf", conf.toString());
        assertEquals(2, r.status(), r.toString());
        assertTrue(r.err().startsWith("error: " + conf + ": unknown setting '" + key + "'; the settings are "
                + "train's long flag names without dashes: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void onlyTrainTakesItsDefaultsFromTheSettingsFiles() {
        CommandLine cmd = commandLine(Map.of());
        for (var sub : cmd.getSubcommands().entrySet()) {
            var provider = sub.getValue().getCommandSpec().defaultValueProvider();
            if (sub.getKey().equals("train")) {
                assertInstanceOf(Defaults.class, provider);
            } else {
                assertNull(provider, sub.getKey() + " would take keys such as seed from digitnet.properties");
            }
        }
        cmd.parseArgs("show", "--model", "m.npz", "--data", "d.csv", "--random", "3");
        assertEquals(0, ((ShowCommand) cmd.getSubcommands().get("show").getCommand()).seed);
    }

    @Test
    void theDataIsTheFlagElseTheConfFileElseTheEnvironment() throws Exception {
        Map<String, String> env = Map.of(Defaults.DATA_VARIABLE, "from-environment.csv");
        assertEquals("from-environment.csv", trainData(env, "train"));
        assertEquals("flag.csv", trainData(env, "train", "--data", "flag.csv"));
        Path conf = Files.writeString(tmp.resolve("data.properties"), "data=from-file.csv\n");
        assertEquals("from-file.csv", trainData(env, "train", "--conf", conf.toString()));
        assertNull(trainData(Map.of(), "train"));
    }

    @Test
    void aResumedRunKeepsItsOwnDataAndSettingsAndReadsItsCheckpointOnce() {
        Path run = tmp.resolve("run");
        Layout layout = new Layout(3);
        Trainer.Progress start = Trainer.Progress.start(Init.UNIFORM.draw(layout, 1));
        CheckpointStore.runFolder(run).write(Checkpoint.of(start, new Model(layout, start.params()),
                new Checkpoint.Data("recorded.csv", 10, "0000000000000001"), Map.of("hidden", "3")));

        CommandLine cmd = commandLine(Map.of(Defaults.DATA_VARIABLE, "from-environment.csv"));
        cmd.parseArgs("train", "--resume", run.toString());
        TrainCommand train = (TrainCommand) cmd.getSubcommands().get("train").getCommand();
        assertEquals("recorded.csv", train.run.data);
        assertEquals(3, train.hidden);
        // The run continues from the checkpoint its defaults came from: gone from disk now, still there.
        Checkpoint.delete(run);
        Defaults defaults = (Defaults) cmd.getSubcommands().get("train").getCommandSpec().defaultValueProvider();
        assertEquals("recorded.csv", defaults.load().resumed().data().path());
    }

    @Test
    void aMissingConfFileIsOneErrorWhenTheCommandRuns() {
        Path missing = tmp.resolve("missing.properties");
        Cli.Result r = Cli.run("train", "--data", TestData.BUNDLED.toString(), "--conf", missing.toString());
        assertEquals(2, r.status(), r.toString());
        assertEquals("error: " + missing + ": no such file (given as --conf)", r.err().strip());
    }

    private static CommandLine commandLine(Map<String, String> environment) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        return Main.commandLine(none, none, environment);
    }

    private static String trainData(Map<String, String> environment, String... args) {
        CommandLine cmd = commandLine(environment);
        cmd.parseArgs(args);
        return ((TrainCommand) cmd.getSubcommands().get("train").getCommand()).run.data;
    }
}
