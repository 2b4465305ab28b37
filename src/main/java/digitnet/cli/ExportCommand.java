package digitnet.cli;

import digitnet.io.AtomicFiles;
import digitnet.model.Model;
import digitnet.model.OnnxGraph;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code digitnet export}: a trained model as an ONNX graph, to run outside the JVM. No Spark. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a trained model as an ONNX graph for ONNX Runtime (Python, C#, JavaScript, mobile) "
                + "and other ONNX readers: input " + OnnxGraph.INPUT + " float [N,784] of pixels 0..255, outputs "
                + OnnxGraph.PROBABILITIES + " float [N,10] and " + OnnxGraph.LABEL + " int64 [N].")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN|FILE.npz",
            description = "A run folder of train (holding model.npz), a saved Spark model's folder, or a model .npz file.")
    Path model;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "The ONNX file to write, for example model.onnx.")
    Path onnx;

    @Override
    public Integer call() {
        AtomicFiles.checkWritable(onnx);
        Model loaded = Model.load(model);
        byte[] graph = OnnxGraph.bytes(loaded);
        AtomicFiles.write(onnx, out -> out.write(graph));
        spec.commandLine().getOut().printf("wrote %s: ONNX opset %d, %d hidden units, input %s [N,784] (0..255), "
                + "outputs %s [N,10] and %s [N]%n", onnx, OnnxGraph.OPSET, loaded.layout().hidden(), OnnxGraph.INPUT,
                OnnxGraph.PROBABILITIES, OnnxGraph.LABEL);
        return 0;
    }
}
