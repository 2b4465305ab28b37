package digitnet.model;

import digitnet.UserError;
import digitnet.io.NdArray;
import digitnet.io.Npz;
import digitnet.nn.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained network: its layout and the flat weights, saved as the notebook's four arrays
 * W1 (H×784), b1 (H×1), W2 (10×H), b2 (10×1) in a NumPy {@code .npz}, float64.
 */
public record Model(Layout layout, double[] params) {

    public static final String FILE_NAME = "model.npz";

    public Model {
        if (params.length != layout.size()) {
            throw new IllegalArgumentException(params.length + " weights for " + layout);
        }
    }

    public void save(Path file) {
        Npz.write(file, arrays());
    }

    /** The notebook's four arrays W1, b1, W2, b2, as saved in a {@code .npz}. */
    public Map<String, NdArray> arrays() {
        int h = layout.hidden();
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("W1", NdArray.of(h, Layout.PIXELS, slice(layout.w1(), layout.b1())));
        arrays.put("b1", NdArray.of(h, 1, slice(layout.b1(), layout.w2())));
        arrays.put("W2", NdArray.of(Layout.CLASSES, h, slice(layout.w2(), layout.b2())));
        arrays.put("b2", NdArray.of(Layout.CLASSES, 1, slice(layout.b2(), layout.size())));
        return arrays;
    }

    /**
     * Reads a model from a {@code .npz} file or from a run folder holding {@code model.npz}.
     * The hidden size comes from W1; every other shape must agree with it.
     */
    public static Model load(Path fileOrRunDir) {
        Path file = Files.isDirectory(fileOrRunDir) ? fileOrRunDir.resolve(FILE_NAME) : fileOrRunDir;
        return fromArrays(Npz.read(file), file);
    }

    /**
     * The model held by {@code arrays} (read from {@code file}, named in errors); other arrays
     * are ignored. The hidden size comes from W1; every other shape must agree with it.
     */
    public static Model fromArrays(Map<String, NdArray> arrays, Path file) {
        NdArray w1 = arrays.get("W1");
        int h = w1 != null && w1.shape().length == 2 && w1.rows() > 0 ? w1.rows() : 1;
        Layout layout = new Layout(h);
        double[] params = new double[layout.size()];
        copy(Npz.require(arrays, file, "W1", h, Layout.PIXELS), params, layout.w1());
        copy(Npz.require(arrays, file, "b1", h, 1), params, layout.b1());
        copy(Npz.require(arrays, file, "W2", Layout.CLASSES, h), params, layout.w2());
        copy(Npz.require(arrays, file, "b2", Layout.CLASSES, 1), params, layout.b2());
        for (double v : params) {
            if (!Double.isFinite(v)) {
                throw new UserError(file + ": holds a weight that is not finite (" + v + ")");
            }
        }
        return new Model(layout, params);
    }

    private double[] slice(int from, int to) {
        return Arrays.copyOfRange(params, from, to);
    }

    private static void copy(NdArray array, double[] params, int offset) {
        System.arraycopy(array.data(), 0, params, offset, array.data().length);
    }
}
