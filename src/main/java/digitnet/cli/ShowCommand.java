package digitnet.cli;

import digitnet.UserError;
import digitnet.data.Digit;
import digitnet.io.AtomicFiles;
import digitnet.model.Prediction;
import digitnet.report.DigitSheet;
import digitnet.report.Png;
import digitnet.report.PredictionCsv;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code digitnet show}: a picture of digits captioned with the model's answers, as the notebook's test_prediction. */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Draw digits enlarged, each captioned with the model's answer, its confidence, its "
                + "ImageId and (on labelled data) its true label; wrong answers are framed in red. Prints "
                + "one line saying what it wrote; --list prints the captioned rows too, as predict writes them.",
        footer = {"%nThe PNG has " + DigitSheet.COLUMNS + " digits to a row, "
                + DigitSheet.TILE_WIDTH + "x" + DigitSheet.TILE_HEIGHT + " pixels each: n digits make "
                + "min(n,10)*" + DigitSheet.TILE_WIDTH + " x ceil(n/10)*" + DigitSheet.TILE_HEIGHT + " pixels."})
final class ShowCommand implements Callable<Integer> {
    static final int DEFAULT_COUNT = 20;
    static final String DEFAULT_FILE = "digits.png";

    @Spec
    CommandSpec spec;

    @Mixin
    InferenceOptions input;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Selection selection;

    /** Which digits to draw (default: the first 20). */
    static final class Selection {
        @Option(names = "--rows", split = ",", paramLabel = "ID",
                description = "These ImageIds (counting from 1 in input order), comma-separated.")
        List<Long> rows;

        @Option(names = "--misclassified", paramLabel = "N",
                description = "The first N digits, in input order, the model gets wrong (labelled data only).")
        Integer misclassified;

        @Option(names = "--random", paramLabel = "N", description = "N digits drawn at random with --seed.")
        Integer random;
    }

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of --random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.png",
            description = "The picture to write (default: " + DEFAULT_FILE + " in the model's folder).")
    Path out;

    /**
     * The picture already shows every caption, so the rows are printed only when asked for: a
     * script, or a reader without an image viewer, gets them in predict's format.
     */
    @Option(names = "--list", description = "Also print the drawn digits' rows, as predict writes them "
            + "(ImageId,Label[,Predicted,Confidence]).")
    boolean list;

    @Override
    public Integer call() {
        checkCounts();
        Path target = out != null ? out : input.modelFolder().resolve(DEFAULT_FILE);
        AtomicFiles.checkWritable(target);
        List<Prediction> chosen;
        Map<Long, Digit> digits;
        boolean labelled;
        try (InferenceOptions.Inference run = input.run()) {
            labelled = run.labelled();
            chosen = choose(run.predictions(), labelled);
            digits = run.digits().lookup(chosen.stream().map(Prediction::imageId).toList());
        }
        byte[] png = Png.render(target.getFileName().toString(), () -> DigitSheet.draw(chosen, digits));
        Png.write(target, png);

        PrintWriter console = spec.commandLine().getOut();
        long wrong = chosen.stream().filter(p -> p.isLabelled() && !p.isCorrect()).count();
        console.printf("wrote %s: %d digits, %dx%d pixels%s%n", target, chosen.size(),
                DigitSheet.width(chosen.size()), DigitSheet.height(chosen.size()),
                labelled ? ", " + wrong + " wrong (framed in red)" : "");
        if (!list) {
            return 0;
        }
        PredictionCsv csv = new PredictionCsv(labelled, false);
        console.println(csv.header());
        chosen.forEach(p -> console.println(csv.line(p)));
        return 0;
    }

    private void checkCounts() {
        Integer n = selection == null ? null
                : selection.misclassified != null ? selection.misclassified
                : selection.random != null ? selection.random
                : (Integer) selection.rows.size();
        if (n != null && (n < 1 || n > DigitSheet.MAX_DIGITS)) {
            throw new UserError("show draws 1 to " + DigitSheet.MAX_DIGITS + " digits, not " + n, 2);
        }
    }

    private List<Prediction> choose(List<Prediction> all, boolean labelled) {
        if (selection == null) {
            return all.subList(0, Math.min(DEFAULT_COUNT, all.size()));
        }
        if (selection.rows != null) {
            List<Prediction> chosen = new ArrayList<>();
            for (long id : selection.rows) {
                if (id < 1 || id > all.size()) {
                    throw new UserError("--rows " + id + ": ImageIds of " + input.data + " run from 1 to " + all.size(), 2);
                }
                chosen.add(all.get((int) (id - 1)));
            }
            return chosen;
        }
        if (selection.misclassified != null) {
            if (!labelled) {
                throw new UserError(input.data + ": has no label column, so no digit is known to be wrong; "
                        + "--misclassified needs labelled digits", 2);
            }
            List<Prediction> wrong = all.stream().filter(p -> !p.isCorrect()).limit(selection.misclassified).toList();
            if (wrong.isEmpty()) {
                throw new UserError(input.data + ": the model gets every digit right; nothing to show");
            }
            return wrong;
        }
        List<Prediction> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        List<Prediction> chosen = new ArrayList<>(shuffled.subList(0, Math.min(selection.random, all.size())));
        chosen.sort(Comparator.comparingLong(Prediction::imageId));
        return chosen;
    }
}
