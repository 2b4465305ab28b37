package digitnet.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.UserError;
import digitnet.io.JsonFields;
import digitnet.io.NdArray;
import digitnet.io.Npz;
import digitnet.model.Model;
import digitnet.train.IterationMetrics;
import digitnet.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A training run's state at a checkpoint: what {@code train --resume DIR} needs to continue an
 * interrupted run and end with the same model bits as an uninterrupted one.
 *
 * <p>It lives in a {@link CheckpointStore}'s folder (a run folder's {@code checkpoint/}, or the
 * {@code checkpointDir} of a Spark ML fit) as two files. {@code state-NNNNNN.npz}
 * holds the numbers: the weights (W1, b1, W2, b2, as in model.npz, so numpy can read them), the
 * optimizer's state ({@code optimizer.<name>}) and the metrics of every iteration so far
 * ({@code metrics}, a row per iteration of 7 columns: iteration, loss, train accuracy, dev
 * accuracy, milliseconds, dev loss, gradient jobs). {@code checkpoint.json} names that file and
 * records the iteration, the data (path, rows and checksum) and the settings that decide the
 * model, keyed by {@code train}'s flag names. The store replaces each file atomically, the
 * record last, so the record always names a complete state file and a run killed at any moment
 * leaves the previous checkpoint or the new one, never a mix.
 *
 * @param iteration      steps done: the weights are those after {@code iteration} steps
 * @param optimizerState the optimizer's arrays by name (empty for plain gradient descent)
 * @param history        the metrics of iterations 0 to {@code iteration − 1}
 * @param settings       the flags that decide the model, by long name without dashes
 */
public record Checkpoint(int iteration, Model model, Map<String, double[]> optimizerState,
        List<IterationMetrics> history, Data data, Map<String, String> settings) {

    /** The data a run trains on: its path as given, and what identifies its rows. */
    public record Data(String path, long rows, String checksum) {
        /** Whether {@code other} holds the same rows, wherever it was read from. */
        public boolean sameRows(Data other) {
            return rows == other.rows && checksum.equals(other.checksum);
        }
    }

    /** A setting of a run that differs from its checkpoint's: the value now and the checkpoint's, null where unset. */
    public record Difference(String key, String now, String then) {
        /** The difference in words, the setting named by {@code name} from its key: {@code --seed 9 (checkpoint: 0)}. */
        public String describe(Function<String, String> name) {
            return name.apply(key) + " " + (now != null ? now : "unset") + " (checkpoint: "
                    + (then != null ? then : "unset") + ")";
        }
    }

    /** The key of the number of iterations in the settings a checkpoint records. */
    public static final String ITERATIONS = "iterations";
    /** The run folder's subfolder that holds its checkpoint. */
    public static final String FOLDER = "checkpoint";
    static final String RECORD = "checkpoint.json";
    static final String FORMAT = "digitnet checkpoint";
    static final int VERSION = 2;
    private static final String OPTIMIZER_PREFIX = "optimizer.";
    private static final String METRICS = "metrics";
    /** A metrics row: iteration, loss, train accuracy, dev accuracy, ms, dev loss, gradient jobs. */
    private static final int METRICS_COLUMNS = 7;
    private static final Pattern STATE_NAME = Pattern.compile("state-[0-9]{6,10}\\.npz");
    /** A record is well under 10 KB; anything near this limit is not one. */
    private static final int MAX_RECORD_BYTES = 1 << 20;

    public Checkpoint {
        if (history.size() != iteration) {
            throw new IllegalArgumentException(history.size() + " metrics rows for iteration " + iteration);
        }
    }

    /** The checkpoint of a run at {@code progress}. */
    public static Checkpoint of(Trainer.Progress progress, Model model, Data data, Map<String, String> settings) {
        return new Checkpoint(progress.iteration(), model, progress.optimizerState(), List.copyOf(progress.history()),
                data, settings);
    }

    /** Where the run continues from: the checkpoint's weights, iteration and metrics. */
    public Trainer.Progress progress() {
        return new Trainer.Progress(iteration, model.params(), history, optimizerState);
    }

    /**
     * In words, the differences of {@link #differences} that make a run with {@code settings}
     * another training than the checkpoint's, each setting named by {@code name} from its key: all
     * but the number of iterations, unless the learning rate at an iteration depends on it
     * ({@link LearningRate#dependsOnLength}; then the words say so). A finished run continued
     * further is otherwise one longer run, bit for bit.
     */
    public List<String> differencesToResume(Map<String, String> settings, LearningRate rate,
            Function<String, String> name) {
        return differences(settings).stream()
                .filter(d -> rate.dependsOnLength() || !d.key().equals(ITERATIONS))
                .map(d -> d.describe(name) + (d.key().equals(ITERATIONS) ? " (the rates of "
                        + name.apply("lr-schedule") + " " + rate.schedule() + " depend on it)" : ""))
                .toList();
    }

    /** The settings, of {@code settings} and the checkpoint's, that differ, by key. */
    public List<Difference> differences(Map<String, String> settings) {
        List<Difference> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(this.settings.keySet());
        for (String key : keys) {
            String now = settings.get(key);
            String then = this.settings.get(key);
            if (now == null || !now.equals(then)) {
                differences.add(new Difference(key, now, then));
            }
        }
        return differences;
    }

    /** Whether the run folder {@code runDir} holds a checkpoint record (readable or not). */
    public static boolean exists(Path runDir) {
        return CheckpointStore.runFolder(runDir).exists();
    }

    /** Deletes the checkpoint in the run folder {@code runDir}, if any: a run started over with --force. */
    public static void delete(Path runDir) {
        CheckpointStore.runFolder(runDir).delete();
    }

    /**
     * Reads the checkpoint in the run folder {@code runDir}, treating both files as untrusted input.
     *
     * @throws UserError naming the file and the problem when there is no checkpoint or it is damaged
     */
    public static Checkpoint read(Path runDir) {
        Path record = runDir.resolve(FOLDER).resolve(RECORD);
        if (!Files.isDirectory(runDir)) {
            throw new UserError(runDir + ": no such run folder to resume");
        }
        if (!Files.isRegularFile(record)) {
            throw new UserError(runDir + ": no checkpoint to resume (" + record + " is missing); a run writes "
                    + "one every --checkpoint-every iterations");
        }
        return CheckpointStore.runFolder(runDir).read();
    }

    /** The name of the file that holds this checkpoint's numbers. */
    String stateName() {
        return String.format("state-%06d.npz", iteration);
    }

    /** Whether {@code name} is that of a state file, this checkpoint's or another's. */
    static boolean isStateName(String name) {
        return name.startsWith("state-") && name.endsWith(".npz");
    }

    /** The checkpoint whose record is {@code record} and whose numbers are in the local file {@code stateFile}. */
    static Checkpoint read(Record record, Path stateFile) {
        Map<String, NdArray> arrays = Npz.read(stateFile);
        Model model = Model.fromArrays(arrays, stateFile);
        List<IterationMetrics> history = history(Npz.require(arrays, stateFile, METRICS, record.iteration(), METRICS_COLUMNS),
                stateFile);
        Map<String, double[]> optimizerState = new LinkedHashMap<>();
        arrays.forEach((name, array) -> {
            if (name.startsWith(OPTIMIZER_PREFIX)) {
                optimizerState.put(name.substring(OPTIMIZER_PREFIX.length()), array.data());
            }
        });
        return new Checkpoint(record.iteration(), model, optimizerState, history, record.data(), record.settings());
    }

    /** What checkpoint.json says. */
    record Record(int iteration, String state, Data data, Map<String, String> settings) {

        /** The record in the local file {@code record}. */
        static Record read(Path record) {
            JsonNode json = parse(record);
            int iteration = (int) JsonFields.count(json, record, "iteration", Integer.MAX_VALUE);
            String state = JsonFields.text(json, record, "state");
            if (!STATE_NAME.matcher(state).matches()) {
                throw new UserError(record + ": 'state' is not a state-NNNNNN.npz file name");
            }
            JsonNode dataNode = JsonFields.object(json, record, "data");
            Data data = new Data(printable(record, "'data'", JsonFields.text(dataNode, record, "path")),
                    JsonFields.count(dataNode, record, "rows", Long.MAX_VALUE),
                    printable(record, "'data'", JsonFields.text(dataNode, record, "checksum")));
            Map<String, String> settings = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = JsonFields.object(json, record, "settings").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> setting = it.next();
                String where = "setting '" + UserError.abbreviate(setting.getKey(), 40) + "'";
                if (!setting.getValue().isTextual()) {
                    throw new UserError(record + ": " + where + " is not a string");
                }
                settings.put(printable(record, where, setting.getKey()), printable(record, where, setting.getValue().asText()));
            }
            return new Record(iteration, state, data, settings);
        }

        /**
         * {@code text} of the record, refused if it holds a control or format character: digitnet
         * writes none, and the record's text goes into messages (a resume's differences, its data).
         */
        private static String printable(Path record, String where, String text) {
            if (!UserError.printable(text).equals(text)) {
                throw new UserError(record + ": " + where + " holds a control character");
            }
            return text;
        }
    }

    /** The state file's arrays: the weights, the optimizer's state and the metrics. */
    Map<String, NdArray> arrays() {
        Map<String, NdArray> arrays = new LinkedHashMap<>(model.arrays());
        optimizerState.forEach((name, values) ->
                arrays.put(OPTIMIZER_PREFIX + name, new NdArray(new int[] {values.length}, values)));
        int n = METRICS_COLUMNS;
        double[] metrics = new double[n * history.size()];
        for (int i = 0; i < history.size(); i++) {
            IterationMetrics m = history.get(i);
            System.arraycopy(new double[] {m.iteration(), m.loss(), m.trainAccuracy(), m.devAccuracy(), m.millis(),
                m.devLoss(), m.jobs()}, 0, metrics, n * i, n);
        }
        arrays.put(METRICS, NdArray.of(history.size(), n, metrics));
        return arrays;
    }

    private static List<IterationMetrics> history(NdArray metrics, Path file) {
        double[] v = metrics.data();
        List<IterationMetrics> history = new ArrayList<>(metrics.rows());
        for (int i = 0; i < metrics.rows(); i++) {
            int row = METRICS_COLUMNS * i;
            if (v[row] != i) {
                throw new UserError(file + ": metrics row " + i + " is of iteration " + v[row]);
            }
            history.add(new IterationMetrics(i, v[row + 1], v[row + 2], v[row + 3], (long) v[row + 4],
                    v[row + 5], (int) v[row + 6]));
        }
        return history;
    }

    /** The record, which names the state file {@link #stateName()}. */
    String recordJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        json.put("format", FORMAT);
        json.put("version", VERSION);
        json.put("iteration", iteration);
        json.put("state", stateName());
        ObjectNode d = json.putObject("data");
        d.put("path", data.path());
        d.put("rows", data.rows());
        d.put("checksum", data.checksum());
        ObjectNode s = json.putObject("settings");
        settings.forEach(s::put);
        try {
            return mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(Path record) {
        JsonNode json = JsonFields.readObject(record, MAX_RECORD_BYTES, "digitnet checkpoint record");
        if (!FORMAT.equals(json.path("format").asText())) {
            throw new UserError(record + ": not a digitnet checkpoint record");
        }
        if (json.path("version").asInt() != VERSION) {
            throw new UserError(record + ": checkpoint version " + UserError.abbreviate(json.path("version").toString(), 40)
                    + ", but this digitnet reads version " + VERSION + "; resume with the digitnet that wrote it,"
                    + " or start over with --force");
        }
        return json;
    }
}
