package digitnet.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import digitnet.UserError;
import digitnet.cli.Versions;
import digitnet.data.TrainingData;
import digitnet.nn.Layout;
import digitnet.train.IterationMetrics;
import digitnet.train.TrainSettings;
import digitnet.train.Trainer;
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
public record RunRecord(TrainSettings settings, String dataPath, Path initFrom, TrainingData data,
        Trainer.Result result, String sparkVersion, double loadSeconds, double trainSeconds) {

    public static final String METRICS_FILE = "metrics.csv";
    public static final String RUN_FILE = "run.json";

    public void write(Path dir, Model model) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot create the output folder: " + e.getMessage());
        }
        AtomicFiles.writeString(dir.resolve(METRICS_FILE), metricsCsv());
        AtomicFiles.writeString(dir.resolve(RUN_FILE), runJson());
        model.save(dir.resolve(Model.FILE_NAME));
    }

    String metricsCsv() {
        StringBuilder csv = new StringBuilder(IterationMetrics.CSV_HEADER).append('\n');
        for (IterationMetrics m : result.history()) {
            csv.append(m.csvLine()).append('\n');
        }
        return csv.toString();
    }

    String runJson() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("digitnet_version", Versions.digitnet());
        run.put("spark_version", sparkVersion);

        Map<String, Object> s = new LinkedHashMap<>();
        s.put("hidden", settings.hidden());
        s.put("learning_rate", settings.learningRate());
        s.put("iterations", settings.iterations());
        s.put("dev_rows", settings.devRows());
        s.put("seed", settings.seed());
        s.put("init", initFrom != null ? "from " + initFrom : settings.init().name().toLowerCase());
        run.put("settings", s);

        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", dataPath);
        d.put("rows", data.rows());
        d.put("train_rows", data.trainRows());
        d.put("dev_rows", data.devRows());
        d.put("checksum", data.checksum());
        d.put("blocks", data.blockCount());
        d.put("partitions", data.partitions());
        d.put("cached_bytes", data.cachedBytes());
        d.put("cached_bytes_per_pixel", data.cachedBytes() / (data.rows() * (double) Layout.PIXELS));
        run.put("data", d);

        IterationMetrics last = result.last();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("loss", last.loss());
        f.put("train_accuracy", last.trainAccuracy());
        f.put("dev_accuracy", Double.isNaN(last.devAccuracy()) ? null : last.devAccuracy());
        run.put("final", f);

        Map<String, Object> t = new LinkedHashMap<>();
        t.put("load_seconds", loadSeconds);
        t.put("train_seconds", trainSeconds);
        t.put("median_iteration_ms", medianIterationMillis());
        run.put("timing", t);
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(run) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private double medianIterationMillis() {
        long[] ms = result.history().stream().mapToLong(IterationMetrics::millis).sorted().toArray();
        if (ms.length == 0) {
            return 0;
        }
        return ms.length % 2 == 1 ? ms[ms.length / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2.0;
    }
}
