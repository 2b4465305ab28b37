package digitnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code scripts/run-local.sh serve} as a newcomer runs it, in a real browser: Debian's headless
 * Chromium, driven by Selenium, draws a stroke on the page's canvas, and the page must show the
 * input the network sees, ten bars and an answer (the server's own), then the hidden units. It
 * leaves a screenshot in {@code target/it/serve/}, a test artifact, and ends the server with Ctrl-C.
 *
 * <p>By default it serves the integration tests' 20-iteration model, which reads the stroke
 * unsurely. Given a trained run ({@code -Dserve.model=RUN}), it serves that one and requires the
 * stroke read as the 7 it is: {@code scripts/serve-picture.sh} takes the README's picture,
 * {@code docs/images/serve.png}, that way.
 */
class ServeIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The page with the stroke and its answer; scripts/serve-picture.sh copies it to docs/images/serve.png. */
    static final String SCREENSHOT = "serve-page.png";
    /** A trained run to serve instead of the integration tests' model; null for theirs. */
    private static final String TRAINED_RUN = System.getProperty("serve.model");
    /** The digit the stroke draws: a trained model must read it so. */
    private static final int DRAWN = 7;
    private static final Pattern SERVING = Pattern.compile("serving (\\S+) \\((\\d+) hidden units\\) at (http://\\S+)\n");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStrokeOnThePageGetsTenBarsAndTheServersAnswer() throws Exception {
        Path dir = Project.freshFolder("serve");
        // Two runs: serve takes the one whose model was written last.
        Path reference = TRAINED_RUN == null ? Reference.runFolder() : Project.ROOT.resolve(TRAINED_RUN);
        copyRun(reference, dir.resolve("runs/older"), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        copyRun(reference, dir.resolve("runs/latest"), FileTime.fromMillis(System.currentTimeMillis()));

        try (Launched server = Launched.start(Project.runLocal(List.of("serve", "--port", "0")), Map.of(), dir,
                dir.resolve("serve.log"))) {
            Matcher serving = server.await(SERVING, Launched.seconds(300));
            assertEquals("runs/latest/model.npz", serving.group(1));
            int hidden = Integer.parseInt(serving.group(2));
            URI page = URI.create(serving.group(3));
            LocalRunIT.assertOnlyLoopback(ListeningSockets.of(server.handle()));

            WebDriver browser = chromium(dir.resolve("chromium-profile"));
            try {
                drawAndCheck(browser, page, hidden, dir);
            } finally {
                browser.quit();
            }

            // Ctrl-C in a terminal reaches the JVM; run-local.sh's shell only waits for it.
            ProcessHandle java = server.handle().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).findFirst().orElseThrow();
            assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(java.pid())).start().waitFor());
            assertEquals(0, server.waitFor(Launched.seconds(60)), server.tail());
            assertTrue(server.output().endsWith("Ctrl-C stops it\nstopped\n"), server.tail());
            assertFalse(server.output().contains("error:"), server.tail());
        }
    }

    private static void drawAndCheck(WebDriver browser, URI page, int hidden, Path dir) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.get(page.toString());
        wait.until(b -> b.findElement(By.id("model")).getText().contains(hidden + " hidden units"));
        assertEquals("?", browser.findElement(By.id("answer")).getText());

        // A 7 (DRAWN): a bar along the top, then down to the lower left.
        WebElement pad = browser.findElement(By.id("pad"));
        new Actions(browser).moveToElement(pad, -70, -90).clickAndHold()
                .moveByOffset(35, 0).moveByOffset(35, 0).moveByOffset(35, 0).moveByOffset(35, 0)
                .moveByOffset(-20, 45).moveByOffset(-20, 45).moveByOffset(-20, 45).moveByOffset(-20, 45)
                .release().perform();
        // Once nothing is on its way, the page shows the answer to the last pixels it sent.
        wait.until(b -> Boolean.TRUE.equals(js.executeScript(
                "return window.digitnet.answer !== null && !window.digitnet.asking")));
        @SuppressWarnings("unchecked")
        List<Number> sent = (List<Number>) js.executeScript("return window.digitnet.pixels");
        assertEquals(784, sent.size());
        assertMnistShaped(sent);

        JsonNode answer = JSON.readTree(post(page.resolve("predict"), "{\"pixels\":" + sent + "}"));
        List<WebElement> bars = browser.findElements(By.cssSelector("#bars li"));
        assertEquals(10, bars.size());
        for (int digit = 0; digit < 10; digit++) {
            double p = answer.get("probabilities").get(digit).asDouble();
            assertEquals(String.format(Locale.ROOT, "%.1f%%", 100 * p),
                    bars.get(digit).findElement(By.className("p")).getText(), "bar " + digit);
            assertEquals(digit == answer.get("label").asInt(), bars.get(digit).getDomProperty("className").contains("chosen"));
        }
        assertEquals(answer.get("label").asText(), browser.findElement(By.id("answer")).getText());
        if (TRAINED_RUN != null) {
            assertEquals(DRAWN, answer.get("label").asInt(), "a trained model misread the stroke: " + answer.get("probabilities"));
        }
        assertTrue(browser.findElement(By.id("status")).getText().isEmpty(), browser.findElement(By.id("status")).getText());
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) js.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        for (String url : loaded) {
            assertTrue(url.startsWith(page.toString()), "the page loaded " + url);
        }
        screenshot(browser, dir.resolve(SCREENSHOT));

        browser.findElement(By.id("show-units")).click();
        wait.until(b -> b.findElements(By.cssSelector("#units .unit")).size() == hidden);
        assertTrue(browser.findElement(By.id("units-view")).isDisplayed());
        long lit = 0;
        for (int h = 0; h < hidden; h++) {
            WebElement unit = browser.findElements(By.cssSelector("#units .unit")).get(h);
            assertEquals(String.format(Locale.ROOT, "%.2f", answer.get("hidden").get(h).asDouble()),
                    unit.findElement(By.tagName("span")).getText(), "unit " + h);
            lit += answer.get("hidden").get(h).asDouble() > 0 ? 1 : 0;
        }
        assertTrue(lit > 0, "the stroke lit no hidden unit: " + answer.get("hidden"));
        screenshot(browser, dir.resolve("serve-units.png"));

        browser.findElement(By.id("show-answer")).click();
        browser.findElement(By.id("clear")).click();
        wait.until(b -> "?".equals(b.findElement(By.id("answer")).getText()));
    }

    /**
     * The input as MNIST's digits are: the ink fits in 20×20 and fills it one way, and its centre
     * of mass is within a pixel of the middle of the 28×28 field.
     */
    private static void assertMnistShaped(List<Number> pixels) {
        int left = 28, right = -1, top = 28, bottom = -1;
        double mass = 0, x = 0, y = 0;
        for (int i = 0; i < pixels.size(); i++) {
            int v = pixels.get(i).intValue();
            assertTrue(v >= 0 && v <= 255, "pixel " + i + ": " + v);
            if (v > 0) {
                left = Math.min(left, i % 28);
                right = Math.max(right, i % 28);
                top = Math.min(top, i / 28);
                bottom = Math.max(bottom, i / 28);
                mass += v;
                x += v * (i % 28 + 0.5);
                y += v * (i / 28 + 0.5);
            }
        }
        int width = right - left + 1;
        int height = bottom - top + 1;
        assertTrue(Math.max(width, height) >= 19 && Math.max(width, height) <= 21, "ink box " + width + "x" + height);
        assertEquals(14, x / mass, 1.0, "centre of mass, x");
        assertEquals(14, y / mass, 1.0, "centre of mass, y");
    }

    /** Headless Chromium with a fresh profile, reaching nothing but the page: this machine's network is closed. */
    private static WebDriver chromium(Path profile) throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            Process install = new ProcessBuilder(Project.ROOT.resolve("scripts/install-browser.sh").toString())
                    .inheritIO().start();
            assertEquals(0, install.waitFor(), "scripts/install-browser.sh could not install chromium and chromium-driver");
        }
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1000,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withLogFile(profile.resolveSibling("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, Path file) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyRun(Path from, Path to, FileTime written) throws IOException {
        Files.createDirectories(to);
        for (String file : List.of("model.npz", "run.json")) {
            Files.copy(from.resolve(file), to.resolve(file));
        }
        Files.setLastModifiedTime(to.resolve("model.npz"), written);
    }

    private static String post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
