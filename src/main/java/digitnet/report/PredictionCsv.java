package digitnet.report;

import digitnet.io.AtomicFiles;
import digitnet.model.Prediction;
import digitnet.nn.Layout;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The file {@code predict} writes. For Kaggle's test format it is Kaggle's submission format,
 * {@code ImageId,Label}, Label being the prediction; for labelled data
 * {@code ImageId,Label,Predicted,Confidence}, Label being the truth. With probabilities, the ten
 * softmax outputs {@code p0..p9} follow.
 */
public record PredictionCsv(boolean labelled, boolean probabilities) {

    public String header() {
        StringBuilder s = new StringBuilder(labelled ? "ImageId,Label,Predicted,Confidence" : "ImageId,Label");
        if (probabilities) {
            for (int k = 0; k < Layout.CLASSES; k++) {
                s.append(",p").append(k);
            }
        }
        return s.toString();
    }

    public String line(Prediction p) {
        StringBuilder s = new StringBuilder().append(p.imageId()).append(',');
        if (labelled) {
            s.append(p.label()).append(',').append(p.predicted()).append(',').append(decimal(p.confidence()));
        } else {
            s.append(p.predicted());
        }
        if (probabilities) {
            for (double v : p.probabilities()) {
                s.append(',').append(decimal(v));
            }
        }
        return s.toString();
    }

    /** Writes the header and a line per prediction to {@code target}, atomically. */
    public void write(Path target, List<Prediction> predictions) {
        AtomicFiles.write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.US_ASCII));
            w.write(header());
            w.write('\n');
            for (Prediction p : predictions) {
                w.write(line(p));
                w.write('\n');
            }
            w.flush();
        });
    }

    /** Six decimals: finer than any difference that matters, and the file stays small. */
    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
