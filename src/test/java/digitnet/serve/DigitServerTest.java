package digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.SharedSpark;
import digitnet.TestData;
import digitnet.TestModel;
import digitnet.data.NumberedDigits;
import digitnet.data.StoredDigits;
import digitnet.model.Model;
import digitnet.model.Prediction;
import digitnet.model.Predictor;
import digitnet.nn.Layout;
import digitnet.report.RunRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code digitnet serve}'s endpoints over real HTTP, on the test model. */
class DigitServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static DigitServer server;
    /** The test model's digits, and what {@code predict}'s Spark path answers for each. */
    private static List<int[]> digits;
    private static List<Prediction> predicted;

    @BeforeAll
    static void start() throws IOException {
        digits = TestData.lines(TestModel.data()).stream().skip(1).map(TestData::pixels).toList();
        try (NumberedDigits numbered = NumberedDigits.read(SharedSpark.session(),
                StoredDigits.at(SharedSpark.session(), TestModel.data().toString()))) {
            predicted = Predictor.predict(SharedSpark.context(), Model.load(TestModel.run()), numbered, 3);
        }
        server = DigitServer.start(ServedModel.load(TestModel.run()), new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersEachDigitWithPredictsProbabilitiesBitForBit() throws Exception {
        assertEquals(TestModel.ROWS, digits.size());
        for (int i = 0; i < digits.size(); i++) {
            JsonNode answer = ok(post(pixels(digits.get(i))));
            assertAnswers(predicted.get(i), answer, "digit " + (i + 1));
            assertEquals(16, answer.get("hidden").size());
            answer.get("hidden").forEach(a -> assertTrue(a.asDouble() >= 0, "ReLU output " + a));
        }
    }

    @Test
    void answersABatchRowByRowInItsOrder() throws Exception {
        String rows = digits.stream().map(DigitServerTest::numbers).collect(Collectors.joining(",", "{\"rows\":[", "]}"));
        JsonNode batch = ok(post(rows)).get("predictions");
        assertEquals(TestModel.ROWS, batch.size());
        for (int i = 0; i < batch.size(); i++) {
            assertAnswers(predicted.get(i), batch.get(i), "row " + i);
        }
        JsonNode one = ok(post("{\"rows\":[" + numbers(digits.get(7)) + "]}")).get("predictions");
        assertEquals(1, one.size());
        assertEquals(ok(post(pixels(digits.get(7)))), one.get(0));
    }

    @Test
    void refusesEveryBadRequestWithOneLineAndGoesOnServing() throws Exception {
        String digit = numbers(digits.get(0));
        String good = pixels(digits.get(0));
        int[] pixels = digits.get(0);
        String expected = "expected {\"pixels\": [784 numbers 0-255]} or {\"rows\": [[784 numbers 0-255], ...]}";
        assertRefused("", "empty body; " + expected);
        assertRefused("   ", "empty body; " + expected);
        assertRefused("pixels=1,2,3", "not JSON at line 1, column 8: Unrecognized token 'pixels': was expecting");
        assertRefused("{\"pixels\": [1,\n 2", "not JSON at line 2, column 3: Unexpected end-of-input: expected close "
                + "marker for Array opened at line 1, column 12");
        assertRefused(good + " {}", "not JSON at line 1, column " + (good.length() + 2) + ": more follows the value");
        assertRefused("{\"pixels\": " + digit + ", \"pixels\": " + digit + "}", "not JSON at line 1, column "
                + (digit.length() + 22) + ": Duplicate field 'pixels'");
        assertRefused("[" + digit + "]", expected);
        assertRefused("{}", expected);
        assertRefused("{\"pixel\": " + digit + "}", expected);
        assertRefused("{\"pixels\": " + digit + ", \"rows\": [" + digit + "]}", expected);
        assertRefused("{\"pixels\": 5}", "pixels: 5 is not a list of 784 numbers");
        assertRefused(pixels(Arrays.copyOf(pixels, 783)), "pixels: 783 values, expected 784");
        assertRefused(pixels(Arrays.copyOf(pixels, 785)), "pixels: 785 values, expected 784");
        assertRefused(good.replaceFirst("\\[0,", "[256,"), "pixels[0]: 256 is outside 0..255");
        assertRefused(good.replaceFirst("\\[0,", "[-1,"), "pixels[0]: -1 is outside 0..255");
        assertRefused(good.replaceFirst("\\[0,", "[1e400,"), "pixels[0]: Infinity is outside 0..255");
        assertRefused(good.replaceFirst("\\[0,0,", "[0,12.5,"), "pixels[1]: 12.5 is not a whole number");
        assertRefused(good.replaceFirst("\\[0,0,0,", "[0,0,\"7\","), "pixels[2]: \"7\" is not a number");
        assertRefused(good.replaceFirst("\\[0,", "[null,"), "pixels[0]: null is not a number");
        assertRefused(good.replaceFirst("\\[0,", "[NaN,"), "not JSON at line 1, column 15: Non-standard token 'NaN'");
        assertRefused("{\"rows\": []}", "rows: no rows; " + expected);
        assertRefused("{\"rows\": " + digit + "}", "rows[0]: 0 is not a list of 784 numbers");
        assertRefused("{\"rows\": 3}", "rows: not a list; " + expected);
        assertRefused("{\"rows\": [" + digit + ", [1, 2]]}", "rows[1]: 2 values, expected 784");
        assertRefused("{\"rows\": [" + digit + ", " + digit.replaceFirst("\\[0,0,0,0,0,0,", "[0,0,0,0,0,300,") + "]}",
                "rows[1][5]: 300 is outside 0..255");
        String tooLong = good + " ".repeat(DigitServer.MAX_BODY_BYTES);
        assertRefused(tooLong, "request body over " + DigitServer.MAX_BODY_BYTES + " bytes");
        assertRefused(" ".repeat(10 * DigitServer.MAX_BODY_BYTES), "request body over");

        assertAnswers(predicted.get(0), ok(post(good)), "a good request after the bad ones");
    }

    @Test
    void refusesOtherPathsAndMethodsSayingWhichThereAre() throws Exception {
        HttpResponse<String> get = send(HttpRequest.newBuilder(server.uri().resolve("predict")).GET());
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
        assertEquals("{\"error\":\"GET /predict: not allowed; use POST\"}\n", get.body());
        HttpResponse<String> post = send(HttpRequest.newBuilder(server.uri().resolve("model"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, post.statusCode());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
        HttpResponse<String> missing = get("favicon.ico");
        assertEquals(404, missing.statusCode());
        assertEquals("no such path: /favicon.ico; try / (the page), POST /predict, GET /model or GET /weights",
                JSON.readTree(missing.body()).get("error").asText());
    }

    @Test
    void eightThreadsOf200RequestsEachGetTheirOwnAnswers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Random random = new Random(t);
                done.add(threads.submit(() -> {
                    for (int r = 0; r < 200; r++) {
                        int i = random.nextInt(digits.size());
                        assertAnswers(predicted.get(i), ok(post(pixels(digits.get(i)))), "digit " + (i + 1));
                    }
                    return 200;
                }));
            }
            int answered = 0;
            for (Future<Integer> f : done) {
                answered += f.get();
            }
            assertEquals(1600, answered);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void describesTheModelFromItsRunJson() throws Exception {
        JsonNode model = ok(get("model"));
        JsonNode run = RunRecord.read(TestModel.run());
        assertEquals(TestModel.run().resolve("model.npz").toString(), model.get("model").asText());
        assertEquals(16, model.get("hidden").asInt());
        assertEquals(new Layout(16).size(), model.get("parameters").asInt());
        for (String part : List.of("settings", "saved_model", "final", "data")) {
            assertEquals(run.get(part), model.get(part), part);
        }
        assertEquals(40, model.get("settings").get("iterations").asInt());
    }

    @Test
    void aModelFileWithoutRunJsonIsDescribedByItsWeightsAlone(@TempDir Path tmp) throws Exception {
        Path file = Files.copy(TestModel.run().resolve("model.npz"), tmp.resolve("elsewhere.npz"));
        JsonNode description = ServedModel.load(file).description();
        assertEquals(16, description.get("hidden").asInt());
        assertTrue(description.get("settings").isNull() && description.get("saved_model").isNull(), description.toString());
    }

    @Test
    void givesW1ByHiddenUnit() throws Exception {
        JsonNode weights = ok(get("weights"));
        Model model = Model.load(TestModel.run());
        double[] w1 = model.arrays().get("W1").data();
        assertEquals(16, weights.get("hidden").asInt());
        assertEquals(16, weights.get("w1").size());
        for (int h = 0; h < 16; h++) {
            double[] unit = new double[Layout.PIXELS];
            for (int p = 0; p < Layout.PIXELS; p++) {
                unit[p] = weights.get("w1").get(h).get(p).asDouble();
            }
            assertArrayEquals(Arrays.copyOfRange(w1, h * Layout.PIXELS, (h + 1) * Layout.PIXELS), unit, 0, "unit " + h);
        }
    }

    @Test
    void servesThePageWhichLoadsNothingFromElsewhere() throws Exception {
        for (String path : List.of("", "app.js", "style.css")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            assertEquals("default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                    page.headers().firstValue("Content-Security-Policy").orElse(""), path);
            assertFalse(page.body().matches("(?s).*(https?:)?//[a-z].*"), path + " names another server");
        }
        assertTrue(get("").headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(get("").body().contains("<canvas id=\"pad\" width=\"280\" height=\"280\""));
        assertTrue(get("app.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    }

    /** Fails unless {@code answer} has the label and the very probabilities (bit for bit) of {@code p}. */
    private static void assertAnswers(Prediction p, JsonNode answer, String what) {
        assertEquals(p.predicted(), answer.get("label").asInt(), what);
        double[] probabilities = new double[answer.get("probabilities").size()];
        for (int k = 0; k < probabilities.length; k++) {
            probabilities[k] = answer.get("probabilities").get(k).asDouble();
        }
        assertArrayEquals(p.probabilities(), probabilities, 0, what);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        return JSON.readTree(response.body());
    }

    private static void assertRefused(String body, String reason) throws Exception {
        HttpResponse<String> response = post(body);
        String shown = body.length() > 80 ? body.substring(0, 80) + "..." : body;
        assertEquals(400, response.statusCode(), shown + " -> " + response.body());
        assertEquals(1, response.body().strip().lines().count(), response.body());
        String error = JSON.readTree(response.body()).get("error").asText();
        assertTrue(error.startsWith(reason), shown + " -> " + error + "\n expected " + reason);
        assertFalse(error.contains("Exception") || error.contains("\tat "), error);
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return send(HttpRequest.newBuilder(server.uri().resolve("predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(server.uri().resolve(path)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pixels(int[] pixels) {
        return "{\"pixels\":" + numbers(pixels) + "}";
    }

    private static String numbers(int[] pixels) {
        return Arrays.stream(pixels).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }
}
