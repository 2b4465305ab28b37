package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.TestData;
import digitnet.model.Model;
import digitnet.nn.Layout;
import digitnet.train.Init;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input gets one {@code error:} line naming the file, the place and the problem, its
 * exit status, no stack trace, and no output folder.
 */
class BadInputTest {
    @TempDir
    static Path tmp;

    /** A valid file of 20 rows with line {@code lineNumber} (1 = header) replaced. */
    static Path withLine(String name, int lineNumber, String replacement) {
        List<String> lines = new ArrayList<>(TestData.lines().subList(0, 21));
        lines.set(lineNumber - 1, replacement);
        return TestData.write(tmp.resolve(name), lines);
    }

    static String goodRow(int index) {
        return TestData.lines().get(index);
    }

    static String rowWithField(int field, String value) {
        String[] f = goodRow(5).split(",");
        f[field] = value;
        return String.join(",", f);
    }

    static Stream<Arguments> badData() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.csv"));
        byte[] gzip = Files.readAllBytes(TestData.BUNDLED);
        Path truncated = Files.write(tmp.resolve("truncated.csv.gz"), java.util.Arrays.copyOf(gzip, gzip.length / 3));
        return Stream.of(
                Arguments.of("missing file", tmp.resolve("nope.csv"), "nope.csv: no such file"),
                Arguments.of("empty file", empty, "empty.csv: empty file"),
                Arguments.of("wrong header", withLine("header.csv", 1, "label,pixel0,pixel1"),
                        "header.csv line 1: header is not label,pixel0"),
                Arguments.of("too few columns", withLine("short.csv", 7, "3,0,0,0"),
                        "short.csv line 7: has 4 fields, expected 785"),
                Arguments.of("too many columns", withLine("long.csv", 4, goodRow(3) + ",0"),
                        "long.csv line 4: has 786 fields, expected 785"),
                Arguments.of("non-integer", withLine("float.csv", 9, rowWithField(101, "0.5")),
                        "float.csv line 9: pixel100 is '0.5', not a non-negative integer"),
                Arguments.of("pixel above 255", withLine("pixel.csv", 12, rowWithField(400, "256")),
                        "pixel.csv line 12: pixel399 is 256, outside 0..255"),
                Arguments.of("negative pixel", withLine("negative.csv", 12, rowWithField(3, "-1")),
                        "negative.csv line 12: pixel2 is -1, outside 0..255"),
                Arguments.of("label above 9", withLine("label.csv", 21, rowWithField(0, "10")),
                        "label.csv line 21: label is 10, outside 0..9"),
                Arguments.of("truncated gzip", truncated,
                        "truncated.csv.gz: cannot read: Unexpected end of input stream; the file may be truncated"),
                Arguments.of("too few rows", TestData.sample(tmp.resolve("few.csv"), 20, 1),
                        "few.csv: 20 rows, but --dev-rows 1000 needs at least 1001"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badData")
    void badDataIsRefused(String what, Path data, String expected) {
        assertRefused(1, expected, "--data", data.toString());
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of(new String[] {"--hidden", "0"}, "--hidden must be at least 1"),
                Arguments.of(new String[] {"--learning-rate", "0"}, "--learning-rate must be a positive number"),
                Arguments.of(new String[] {"--learning-rate", "-1"}, "--learning-rate must be a positive number"),
                Arguments.of(new String[] {"--learning-rate", "NaN"}, "--learning-rate must be a positive number"),
                Arguments.of(new String[] {"--learning-rate", "fast"}, "'fast' is not a double"),
                Arguments.of(new String[] {"--iterations", "-1"}, "--iterations must be 0 or more"),
                Arguments.of(new String[] {"--dev-rows", "-5"}, "--dev-rows must be 0 or more"),
                Arguments.of(new String[] {"--partitions", "0"}, "--partitions must be at least 1"),
                Arguments.of(new String[] {"--checkpoint-every", "-1"}, "--checkpoint-every must be 0 or more"),
                Arguments.of(new String[] {"--eval-every", "0"}, "--eval-every must be at least 1"),
                Arguments.of(new String[] {"--momentum", "1"}, "--momentum must be in [0, 1)"),
                Arguments.of(new String[] {"--beta1", "-0.1"}, "--beta1 must be in [0, 1)"),
                Arguments.of(new String[] {"--beta2", "1"}, "--beta2 must be in [0, 1)"),
                Arguments.of(new String[] {"--epsilon", "0"}, "--epsilon must be a positive number"),
                Arguments.of(new String[] {"--lbfgs-history", "0"}, "--lbfgs-history must be at least 1"),
                Arguments.of(new String[] {"--weight-decay", "-1"}, "--weight-decay must be 0 or a positive number"),
                Arguments.of(new String[] {"--lr-step-every", "0"}, "--lr-step-every must be at least 1"),
                Arguments.of(new String[] {"--lr-step-factor", "1.5"}, "--lr-step-factor must be in (0, 1]"),
                Arguments.of(new String[] {"--lr-min", "0.2"}, "--lr-min must be in [0, --learning-rate 0.1]"),
                Arguments.of(new String[] {"--lr-schedule", "warmup-cosine", "--lr-warmup", "1"},
                        "--lr-warmup must be at least 1 and less than --iterations 1"),
                Arguments.of(new String[] {"--patience", "-1"}, "--patience must be 0 or more"),
                Arguments.of(new String[] {"--min-delta", "-1"}, "--min-delta must be 0 or a positive number"),
                Arguments.of(new String[] {"--init", "zeros"}, "Invalid value for option '--init'"),
                Arguments.of(new String[] {"--frobnicate"}, "Unknown option: '--frobnicate'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badSettings")
    void badSettingsExitWithStatusTwo(String[] flags, String expected) {
        List<String> args = new ArrayList<>(List.of("--data", TestData.BUNDLED.toString()));
        args.addAll(List.of(flags));
        assertRefused(2, expected, args.toArray(String[]::new));
    }

    @Test
    void unknownSettingInConfFileIsRefused() throws Exception {
        Path conf = Files.writeString(tmp.resolve("typo.properties"), "hiden=20\n");
        assertRefused(2, "unknown setting 'hiden'", "--data", TestData.BUNDLED.toString(),
                "--conf", conf.toString());
    }

    @Test
    void unreadableInitFromIsRefused() throws Exception {
        Path garbage = Files.writeString(tmp.resolve("garbage.npz"), "not a zip at all");
        assertRefused(1, "garbage.npz: not a .npz (zip) file", "--data",
                TestData.BUNDLED.toString(), "--init-from", garbage.toString());
    }

    @Test
    void initFromWithWrongShapesIsRefused() {
        Path wide = tmp.resolve("wide.npz");
        Layout layout = new Layout(12);
        new Model(layout, Init.UNIFORM.draw(layout, 1)).save(wide);
        assertRefused(1, "wide.npz: W1 has 12 hidden units but --hidden is 10", "--data",
                TestData.BUNDLED.toString(), "--init-from", wide.toString());
    }

    private static void assertRefused(int status, String expected, String... flags) {
        assertRefused(tmp.resolve("out-" + System.nanoTime()), status, expected, flags);
    }

    /**
     * Runs {@code train --out out} with {@code flags} and checks that it is refused with one
     * error line holding {@code expected} and exit {@code status}, and writes nothing.
     */
    static void assertRefused(Path out, int status, String expected, String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(flags));
        if (!args.contains("--iterations")) {
            args.addAll(List.of("--iterations", "1"));
        }
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(status, r.status(), r.toString());
        List<String> errLines = r.err().lines().toList();
        assertEquals(1, errLines.size(), "one line on stderr:\n" + r.err());
        assertTrue(errLines.get(0).startsWith("error: "), r.err());
        assertTrue(errLines.get(0).contains(expected), "expected '" + expected + "' in: " + r.err());
        assertFalse(Files.exists(out), "nothing may be written");
    }
}
