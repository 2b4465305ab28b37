package digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.Cli;
import digitnet.StoredAs;
import digitnet.TestData;
import digitnet.TestModel;
import digitnet.model.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same rows stored as CSV, LIBSVM or Parquet are the same digits to every command: train
 * gives the same model bytes, predict the same file, evaluate the same scores.
 */
class DataFormatsTest {
    @TempDir
    static Path tmp;

    static Path csv;
    static byte[] csvModel;

    private static final List<String> TRAIN = List.of("--dev-rows", "40", "--hidden", "5", "--iterations", "3",
            "--seed", "2", "--quiet");

    @BeforeAll
    static void trainOnTheCsv() throws Exception {
        csv = TestData.sample(tmp.resolve("digits.csv"), 200, 11);
        csvModel = Files.readAllBytes(train(csv).resolve(Model.FILE_NAME));
    }

    static Stream<Arguments> sameRows() {
        return Stream.of(
                Arguments.of("LIBSVM 0..255", (Store) dir -> StoredAs.libsvm(csv, dir.resolve("digits.libsvm"), false)),
                Arguments.of("LIBSVM pixel/255, gzipped, .svm",
                        (Store) dir -> StoredAs.libsvm(csv, dir.resolve("digits.svm.gz"), true)),
                Arguments.of("Parquet label and Vector features",
                        (Store) dir -> StoredAs.parquet(csv, dir.resolve("vectors.parquet"), StoredAs.Layout.VECTOR)),
                Arguments.of("Parquet label and array features",
                        (Store) dir -> StoredAs.parquet(csv, dir.resolve("arrays.parquet"), StoredAs.Layout.ARRAY)),
                Arguments.of("Parquet pixel columns, a folder named by its part files",
                        (Store) dir -> StoredAs.parquet(csv, dir.resolve("pixels"), StoredAs.Layout.PIXELS)));
    }

    /** Stores {@link #csv}'s rows in a folder of its own. */
    interface Store {
        Path in(Path dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameRows")
    void trainGivesTheCsvsModel(String what, Store store) throws Exception {
        Path data = store.in(Files.createTempDirectory(tmp, "stored"));
        Path run = train(data);
        assertArrayEquals(csvModel, Files.readAllBytes(run.resolve(Model.FILE_NAME)), what);
    }

    @Test
    void formatOverridesTheName() throws Exception {
        Path misnamed = StoredAs.libsvm(csv, tmp.resolve("libsvm-named.csv"), false);
        Path run = train(misnamed, "--format", "libsvm");
        assertArrayEquals(csvModel, Files.readAllBytes(run.resolve(Model.FILE_NAME)));

        Cli.Result asCsv = Cli.run("train", "--data", misnamed.toString(), "--out", tmp.resolve("as-csv").toString());
        assertEquals(1, asCsv.status(), asCsv.toString());
        assertTrue(asCsv.err().startsWith("error: " + misnamed + " line 1: header is not label,pixel0"), asCsv.err());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        for (String command : List.of("train", "predict", "evaluate", "show")) {
            List<String> args = new ArrayList<>(List.of(command, "--data", csv.toString(), "--format", "json",
                    "--out", tmp.resolve("unknown-" + command).toString()));
            if (!command.equals("train")) {
                args.addAll(List.of("--model", TestModel.run().toString()));
            }
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.status(), r.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("error: Invalid value for option '--format': expected one of "), r.err());
            assertTrue(r.err().contains("libsvm") && r.err().contains("parquet") && r.err().contains("but was 'json'"),
                    r.err());
            assertFalse(Files.exists(tmp.resolve("unknown-" + command)));
        }
    }

    /** predict writes the same file from each format of the test model's rows, labelled or not. */
    @Test
    void predictAgreesAcrossFormats() throws Exception {
        Path labelled = predict(TestModel.data(), "labelled-csv.csv");
        assertEquals(TestData.lines(labelled),
                TestData.lines(predict(StoredAs.libsvm(TestModel.data(), tmp.resolve("model.libsvm"), true), "libsvm.csv")));
        assertEquals(TestData.lines(labelled), TestData.lines(predict(
                StoredAs.parquet(TestModel.data(), tmp.resolve("model-vectors.parquet"), StoredAs.Layout.VECTOR),
                "parquet.csv")));

        Path test = TestModel.unlabelled(tmp.resolve("test.csv"));
        Path submission = predict(test, "submission-csv.csv");
        assertTrue(TestData.lines(submission).get(0).equals("ImageId,Label"), "a Kaggle submission");
        assertEquals(TestData.lines(submission), TestData.lines(predict(
                StoredAs.parquet(test, tmp.resolve("test-pixels.parquet"), StoredAs.Layout.PIXELS), "submission-parquet.csv")));
        assertEquals(TestData.lines(submission), TestData.lines(predict(
                StoredAs.parquet(test, tmp.resolve("test-vectors.parquet"), StoredAs.Layout.VECTOR), "submission-vectors.csv")));
    }

    @Test
    void evaluateAndShowReadTheOtherFormats() throws Exception {
        Path libsvm = StoredAs.libsvm(TestModel.data(), tmp.resolve("evaluated.libsvm"), false);
        Path parquet = StoredAs.parquet(TestModel.data(), tmp.resolve("evaluated.parquet"), StoredAs.Layout.ARRAY);
        List<String> scores = new ArrayList<>();
        for (Path data : List.of(TestModel.data(), libsvm, parquet)) {
            Path out = tmp.resolve("evaluation-" + data.getFileName());
            Cli.Result r = Cli.run("evaluate", "--model", TestModel.run().toString(), "--data", data.toString(),
                    "--out", out.toString());
            assertEquals(0, r.status(), r.toString());
            String json = Files.readString(out.resolve("evaluation.json"));
            scores.add(json.substring(json.indexOf("\"rows\"")));
        }
        assertEquals(scores.get(0), scores.get(1), "LIBSVM");
        assertEquals(scores.get(0), scores.get(2), "Parquet");

        Path png = tmp.resolve("wrong.png");
        Cli.Result r = Cli.run("show", "--model", TestModel.run().toString(), "--data", parquet.toString(),
                "--misclassified", "5", "--out", png.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains(", 5 wrong (framed in red)"), r.out());
        assertTrue(Files.size(png) > 0);
    }

    private static Path train(Path data, String... flags) {
        Path out = tmp.resolve("run-" + data.getFileName() + "-" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--out", out.toString()));
        args.addAll(TRAIN);
        args.addAll(List.of(flags));
        Cli.Result r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.toString());
        assertEquals("", r.err(), r.toString());
        return out;
    }

    private static Path predict(Path data, String name) {
        Path out = tmp.resolve(name);
        Cli.Result r = Cli.run("predict", "--model", TestModel.run().toString(), "--data", data.toString(),
                "--out", out.toString());
        assertEquals(0, r.status(), r.toString());
        return out;
    }
}
