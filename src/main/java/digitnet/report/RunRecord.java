package digitnet.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitnet.UserError;
import digitnet.io.JsonFields;
import digitnet.Version;
import digitnet.data.TrainingData;
import digitnet.io.AtomicFiles;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.train.Checkpoint;
import digitnet.train.EarlyStopping;
import digitnet.train.IterationMetrics;
import digitnet.train.LearningRate;
import digitnet.train.OptimizerSettings;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
import digitnet.train.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three outputs of a training run: {@code metrics.csv}, {@code run.json} and
 * {@code model.npz}, each written atomically, the model last so that its presence means the run
 * completed.
 */
public record RunRecord(TrainSettings settings, int devRows, String dataPath, Path initFrom,
        TrainingRun.Outcome outcome, String sparkVersion) {

    public static final String METRICS_FILE = "metrics.csv";
    public static final String RUN_FILE = "run.json";
    /** A run.json is a few KB; anything near this limit is not one. */
    private static final int MAX_RUN_BYTES = 1 << 20;

    /**
     * What run.json says about the rows a run trained on and how it split them: enough to find
     * its dev rows again.
     *
     * @param dataPath the data as given to train
     * @param rows     the rows read, dev rows included
     * @param checksum the digest of those rows
     * @param devRows  the rows held out, {@code --dev-rows}
     * @param seed     the seed of the split, {@code --seed}
     */
    public record Split(String dataPath, long rows, String checksum, int devRows, long seed) {}

    /** Reads the {@link Split} from {@code runDir}'s run.json, treated as untrusted input. */
    public static Split readSplit(Path runDir) {
        Path file = runDir.resolve(RUN_FILE);
        JsonNode json = read(runDir);
        JsonNode data = JsonFields.object(json, file, "data");
        JsonNode settings = JsonFields.object(json, file, "settings");
        return new Split(JsonFields.text(data, file, "path"), JsonFields.count(data, file, "rows", Long.MAX_VALUE),
                JsonFields.text(data, file, "checksum"),
                (int) JsonFields.count(settings, file, "dev_rows", Integer.MAX_VALUE),
                JsonFields.integer(settings, file, "seed"));
    }

    /** {@code runDir}'s run.json, a JSON object read as untrusted input: bounded in size, checked to be an object. */
    public static JsonNode read(Path runDir) {
        Path file = runDir.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": missing; a folder train wrote holds one");
        }
        return JsonFields.readObject(file, MAX_RUN_BYTES, "run record");
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the output folder: " + e.getMessage());
        }
        AtomicFiles.writeString(dir.resolve(METRICS_FILE), metricsCsv());
        AtomicFiles.writeString(dir.resolve(RUN_FILE), runJson());
        outcome.model().save(dir.resolve(Model.FILE_NAME));
    }

    String metricsCsv() {
        StringBuilder csv = new StringBuilder(IterationMetrics.CSV_HEADER).append('\n');
        for (IterationMetrics m : outcome.history()) {
            csv.append(m.csvLine()).append('\n');
        }
        return csv.toString();
    }

    String runJson() {
        TrainingData data = outcome.data();
        Trainer.Result result = outcome.result();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("digitnet_version", Version.digitnet());
        run.put("spark_version", sparkVersion);

        run.put("settings", settingsJson());

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", dataPath);
        d.put("rows", data.inputRows());
        d.put("train_rows", data.trainRows());
        d.put("dev_rows", data.devRows());
        d.put("checksum", data.checksum());
        d.put("blocks", data.blockCount());
        d.put("partitions", data.partitions());
        d.put("cached_bytes", data.cachedBytes());
        d.put("cached_bytes_per_pixel", data.cachedBytes() / (data.rows() * (double) Layout.PIXELS));
        run.put("data", d);

        run.put("final", metricsJson(result.last()));
        Map<String, Object> saved = metricsJson(result.saved());
        saved.put("chosen_as", settings.earlyStopping().enabled()
                ? "best " + settings.earlyStopping().metric() : "last");
        saved.put("stopped_early", result.stoppedEarly());
        run.put("saved_model", saved);

        Map<String, Object> t = new LinkedHashMap<>();
        t.put("load_seconds", outcome.loadSeconds());
        t.put("train_seconds", outcome.trainSeconds());
        t.put("median_iteration_ms", medianIterationMillis());
        t.put("gradient_jobs", result.history().stream().mapToInt(IterationMetrics::jobs).sum()
                + result.last().jobs());
        run.put("timing", t);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(run) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every setting, used or not by the chosen optimizer and schedule: enough to run it again. */
    private Map<String, Object> settingsJson() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hidden", settings.hidden());
        s.put(Checkpoint.ITERATIONS, settings.iterations());
        s.put("dev_rows", devRows);
        s.put("seed", settings.seed());
        s.put("augment", settings.augment());
        s.put("augment_elastic", settings.augmentElastic());
        s.put("init", initFrom != null ? "from " + initFrom : settings.init().toString());
        OptimizerSettings o = settings.optimizer();
        s.put("optimizer", o.kind().toString());
        s.put("momentum", o.momentum());
        s.put("beta1", o.beta1());
        s.put("beta2", o.beta2());
        s.put("epsilon", o.epsilon());
        s.put("lbfgs_history", o.lbfgsHistory());
        s.put("weight_decay", settings.weightDecay());
        LearningRate lr = settings.learningRate();
        s.put("learning_rate", lr.base());
        s.put("lr_schedule", lr.schedule().toString());
        s.put("lr_step_every", lr.stepEvery());
        s.put("lr_step_factor", lr.stepFactor());
        s.put("lr_min", lr.min());
        s.put("lr_warmup", lr.warmup());
        EarlyStopping stop = settings.earlyStopping();
        s.put("patience", stop.patience());
        s.put("min_delta", stop.minDelta());
        s.put("early_stop_metric", stop.metric().toString());
        return s;
    }

    /** The metrics of one set of weights; {@code iteration} is the number of updates behind them. */
    private static Map<String, Object> metricsJson(IterationMetrics m) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("iteration", m.iteration());
        f.put("loss", m.loss());
        f.put("train_accuracy", m.trainAccuracy());
        f.put("dev_loss", Double.isNaN(m.devLoss()) ? null : m.devLoss());
        f.put("dev_accuracy", Double.isNaN(m.devAccuracy()) ? null : m.devAccuracy());
        return f;
    }

    private double medianIterationMillis() {
        long[] ms = outcome.history().stream().mapToLong(IterationMetrics::millis).sorted().toArray();
        if (ms.length == 0) {
            return 0;
        }
        return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2.0;
    }
}
