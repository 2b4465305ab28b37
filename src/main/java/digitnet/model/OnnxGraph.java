package digitnet.model;

import digitnet.Version;
import digitnet.io.NdArray;
import digitnet.nn.Layout;
import digitnet.onnx.Onnx.AttributeProto;
import digitnet.onnx.Onnx.GraphProto;
import digitnet.onnx.Onnx.ModelProto;
import digitnet.onnx.Onnx.NodeProto;
import digitnet.onnx.Onnx.OperatorSetIdProto;
import digitnet.onnx.Onnx.TensorProto;
import digitnet.onnx.Onnx.TensorShapeProto;
import digitnet.onnx.Onnx.TypeProto;
import digitnet.onnx.Onnx.ValueInfoProto;
import java.util.Map;

/**
 * A model as an ONNX graph, for ONNX Runtime and every other ONNX reader (Python, C#, JavaScript,
 * phones). Input {@code pixels}: float [N, 784], the pixels 0..255 as Kaggle's file has them.
 * Outputs {@code probabilities}: float [N, 10], the softmax; {@code label}: int64 [N], the first
 * most probable digit (ONNX's ArgMax takes the first on ties, as numpy and {@code predict} do).
 *
 * <p>The graph computes in float64 with the weights as saved, as {@code predict} does
 * ({@link digitnet.nn.Forward}): X = pixels / 255, Z1 = X·W1ᵀ + b1, A1 = ReLU(Z1),
 * Z2 = A1·W2ᵀ + b2, then softmax and argmax of Z2. Only the probabilities are rounded to float32,
 * the type ONNX consumers expect; the labels come from the float64 scores, so they are
 * {@code predict}'s. Standard operators of opset 13 only.
 */
public final class OnnxGraph {
    private OnnxGraph() {}

    /** The operator set the graph's nodes are defined by: ai.onnx version 13 (ONNX 1.8, 2020). */
    public static final int OPSET = 13;
    /** ONNX's file format version of opset 13. */
    private static final int IR_VERSION = 7;

    public static final String INPUT = "pixels";
    public static final String PROBABILITIES = "probabilities";
    public static final String LABEL = "label";

    /** The ONNX file's bytes for {@code model}, with digitnet's version as the producer's. */
    public static byte[] bytes(Model model) {
        Map<String, NdArray> arrays = model.arrays();
        int hidden = model.layout().hidden();
        GraphProto graph = GraphProto.newBuilder()
                .setName("digitnet")
                .setDocString("784 pixels (0..255) -> " + hidden + " ReLU units -> softmax over the digits 0..9")
                .addInput(tensor(INPUT, TensorProto.DataType.FLOAT, "N", Layout.PIXELS))
                .addOutput(tensor(PROBABILITIES, TensorProto.DataType.FLOAT, "N", Layout.CLASSES))
                .addOutput(tensor(LABEL, TensorProto.DataType.INT64, "N"))
                .addInitializer(doubles("scale", new int[0], new double[] {255.0}))
                .addInitializer(doubles("W1", new int[] {hidden, Layout.PIXELS}, arrays.get("W1").data()))
                .addInitializer(doubles("b1", new int[] {hidden}, arrays.get("b1").data()))
                .addInitializer(doubles("W2", new int[] {Layout.CLASSES, hidden}, arrays.get("W2").data()))
                .addInitializer(doubles("b2", new int[] {Layout.CLASSES}, arrays.get("b2").data()))
                .addNode(node("Cast", new String[] {INPUT}, "pixels64", to(TensorProto.DataType.DOUBLE)))
                .addNode(node("Div", new String[] {"pixels64", "scale"}, "X"))
                .addNode(node("Gemm", new String[] {"X", "W1", "b1"}, "Z1", integer("transB", 1)))
                .addNode(node("Relu", new String[] {"Z1"}, "A1"))
                .addNode(node("Gemm", new String[] {"A1", "W2", "b2"}, "Z2", integer("transB", 1)))
                .addNode(node("Softmax", new String[] {"Z2"}, "A2", integer("axis", 1)))
                .addNode(node("Cast", new String[] {"A2"}, PROBABILITIES, to(TensorProto.DataType.FLOAT)))
                .addNode(node("ArgMax", new String[] {"Z2"}, LABEL, integer("axis", 1), integer("keepdims", 0)))
                .build();
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("digitnet")
                .setProducerVersion(Version.digitnet())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    /** A graph input or output: a tensor of {@code type} whose dimensions are sizes or, as strings, named free sizes. */
    private static ValueInfoProto tensor(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            shape.addDim(dim instanceof Integer size ? TensorShapeProto.Dimension.newBuilder().setDimValue(size)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam((String) dim));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    /** A float64 constant, row-major. */
    private static TensorProto doubles(String name, int[] dims, double[] values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE.getNumber());
        for (int d : dims) {
            t.addDims(d);
        }
        for (double v : values) {
            t.addDoubleData(v);
        }
        return t.build();
    }

    private static NodeProto node(String op, String[] inputs, String output, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String input : inputs) {
            n.addInput(input);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        return n.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto to(TensorProto.DataType type) {
        return integer("to", type.getNumber());
    }
}
