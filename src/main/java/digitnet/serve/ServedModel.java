package digitnet.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import digitnet.data.Digit;
import digitnet.model.Model;
import digitnet.model.Prediction;
import digitnet.nn.Forward;
import digitnet.nn.Layout;
import digitnet.report.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The model a server answers with, loaded once and only ever read, so that any number of
 * requests can share it: its weights, and what its run.json says about how it was trained.
 *
 * @param model the weights
 * @param file  the model.npz they came from
 * @param run   the run.json beside it, or null if there is none
 */
public record ServedModel(Model model, Path file, JsonNode run) {
    /** The parts of run.json that {@code GET /model} passes on, under run.json's own names. */
    private static final List<String> RUN_FIELDS = List.of("settings", "saved_model", "final", "data");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The model of a run folder (its model.npz and run.json) or of a {@code .npz} file (with the
     * run.json beside it, if there is one).
     */
    public static ServedModel load(Path fileOrRunDir) {
        Path file = Files.isDirectory(fileOrRunDir) ? fileOrRunDir.resolve(Model.FILE_NAME) : fileOrRunDir;
        Model model = Model.load(file);
        Path runDir = file.toAbsolutePath().getParent();
        JsonNode run = Files.isRegularFile(runDir.resolve(RunRecord.RUN_FILE)) ? RunRecord.read(runDir) : null;
        return new ServedModel(model, file, run);
    }

    public int hidden() {
        return model.layout().hidden();
    }

    /**
     * The network's answer for one digit's pixels (0..255): the forward pass and softmax that
     * {@code predict} runs on Spark, here on the caller's thread. {@code label} is the answer,
     * {@code probabilities} the ten softmax outputs and {@code hidden} the hidden units' outputs.
     */
    ObjectNode answer(int[] pixels) {
        Forward.Activations pass = Forward.activations(model.params(), model.layout(), pixels);
        Prediction prediction = Prediction.of(1, Digit.NO_LABEL, pass.logits());
        ObjectNode answer = NODES.objectNode().put("label", prediction.predicted());
        answer.set("probabilities", numbers(prediction.probabilities()));
        answer.set("hidden", numbers(pass.hidden()));
        return answer;
    }

    /** What {@code GET /model} says: the file, the hidden size and, if known, how it was trained and scored. */
    ObjectNode description() {
        ObjectNode description = NODES.objectNode().put("model", file.toString()).put("hidden", hidden())
                .put("parameters", model.layout().size());
        for (String field : RUN_FIELDS) {
            JsonNode part = run == null ? null : run.get(field);
            description.set(field, part != null && part.isObject() ? part : NODES.nullNode());
        }
        return description;
    }

    /** W1 by hidden unit, {@code {"hidden": H, "w1": [[784 weights] × H]}}: what the page draws each unit from. */
    ObjectNode firstLayerWeights() {
        Layout layout = model.layout();
        ArrayNode units = NODES.arrayNode();
        for (int h = 0; h < layout.hidden(); h++) {
            ArrayNode unit = units.addArray();
            for (int p = 0; p < Layout.PIXELS; p++) {
                unit.add(model.params()[layout.w1() + h * Layout.PIXELS + p]);
            }
        }
        ObjectNode weights = NODES.objectNode().put("hidden", layout.hidden());
        weights.set("w1", units);
        return weights;
    }

    private static ArrayNode numbers(double[] values) {
        ArrayNode array = NODES.arrayNode(values.length);
        for (double v : values) {
            array.add(v);
        }
        return array;
    }
}
