package digitnet.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of {@code digitnet serve}, on the JDK's own {@link HttpServer}: five fixed
 * routes need no framework, and a dependency-free server cannot clash with the Jetty and
 * Jackson versions that Spark's jars bring along.
 *
 * <ul>
 * <li>{@code GET /}, {@code /app.js}, {@code /style.css}: the page, from the jar;
 * <li>{@code POST /predict}: the answers for one digit or a batch (see {@link DigitRequest});
 * <li>{@code GET /model}: the model's hidden size and what run.json says of its training;
 * <li>{@code GET /weights}: W1 by hidden unit, for the page's pictures of them.
 * </ul>
 *
 * <p>A request it cannot answer gets a status of 400 (404, 405) and {@code {"error": "one line"}};
 * one that breaks something inside gets 500 and a line on stderr. Either way the server goes on.
 * A client that sends slowly or stops halfway holds one connection and its thread, for at most
 * {@link #MAX_REQUEST_SECONDS}, not the server ({@link #MAX_CONNECTIONS}).
 */
public final class DigitServer implements AutoCloseable {
    /** The largest request body read: a batch of about a thousand digits. */
    public static final int MAX_BODY_BYTES = 4 << 20;
    /**
     * How much of an oversized body is read and dropped before the refusal, so that the client,
     * still sending, hears the 400 rather than a reset connection; beyond it the connection closes.
     */
    private static final long MAX_DRAINED_BYTES = 16L * MAX_BODY_BYTES;
    /**
     * Connections served at once, each on a thread of its own while it sends its request: the
     * JDK's server reads a request's header and body on the thread that answers it, so a client
     * that sends slowly holds a thread, and a pool smaller than the slow clients leaves none for
     * the others. A connection beyond this is closed as soon as it is accepted.
     */
    static final int MAX_CONNECTIONS = 256;
    /** Seconds a request may take to arrive, header and body; then its connection is closed. */
    static final int MAX_REQUEST_SECONDS = 30;
    /** The largest request header, in bytes; a longer one is refused (JDK 17.0.15 and later). */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Seconds an idle thread is kept for the next connection. */
    private static final int IDLE_THREAD_SECONDS = 10;
    /** Seconds that stopping waits for the requests in flight. */
    private static final int STOP_SECONDS = 1;
    /** The page's files by path: each is {@code digitnet/serve/web/<name>} in the jar. */
    private static final Map<String, PageFile> PAGE = Map.of(
            "/", new PageFile("index.html", "text/html; charset=utf-8"),
            "/app.js", new PageFile("app.js", "text/javascript; charset=utf-8"),
            "/style.css", new PageFile("style.css", "text/css; charset=utf-8"));
    /** The page may load from this server only: the browser refuses anything else. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK's server reads its limits once, when its first server starts; a -D given on the command line wins.
        setIfAbsent("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", MAX_HEADER_BYTES);
    }

    private final ServedModel model;
    private final HttpServer http;
    private final ExecutorService workers;
    private final Map<String, Route> routes;

    private record PageFile(String name, String contentType) {}

    /** A path's one method and what answers it. */
    private record Route(String method, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        Response answer(HttpExchange exchange) throws IOException;
    }

    /** An answer; JSON ends with a newline, for people reading it after curl. */
    private record Response(int status, String contentType, byte[] body) {
        static Response json(JsonNode body) {
            return json(200, body);
        }

        static Response error(int status, String reason) {
            return json(status, JsonNodeFactory.instance.objectNode().put("error", reason));
        }

        private static Response json(int status, JsonNode body) {
            try {
                return new Response(status, "application/json", (JSON.writeValueAsString(body) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private DigitServer(ServedModel model, HttpServer http, ExecutorService workers) {
        this.model = model;
        this.http = http;
        this.workers = workers;
        Response description = Response.json(model.description());
        Response weights = Response.json(model.firstLayerWeights());
        this.routes = new HashMap<>(Map.of(
                "/predict", new Route("POST", this::predict),
                "/model", new Route("GET", exchange -> description),
                "/weights", new Route("GET", exchange -> weights)));
        PAGE.forEach((path, file) -> {
            Response page = new Response(200, file.contentType(), resource(file.name()));
            routes.put(path, new Route("GET", exchange -> page));
        });
    }

    /**
     * Starts serving {@code model} on {@code address} (port 0: any free port).
     *
     * @throws IOException when the address cannot be bound, for instance because the port is taken
     */
    public static DigitServer start(ServedModel model, InetSocketAddress address) throws IOException {
        HttpServer http = HttpServer.create(address, 0);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS,
                IDLE_THREAD_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
                    Thread t = new Thread(task, "digitnet-serve-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        DigitServer server = new DigitServer(model, http, pool);
        http.createContext("/", server::handle);
        http.setExecutor(pool);
        http.start();
        return server;
    }

    /** Where the server listens, as the page's address: {@code http://host:port/}. */
    public URI uri() {
        InetSocketAddress bound = http.getAddress();
        String host = bound.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort() + "/");
    }

    /** Stops listening, lets the requests in flight finish (a second at most) and ends the workers. */
    @Override
    public void close() {
        http.stop(STOP_SECONDS);
        workers.shutdown();
    }

    private void handle(HttpExchange exchange) {
        Response response;
        try {
            response = route(exchange);
        } catch (BadRequest e) {
            response = Response.error(e.status(), e.getMessage());
        } catch (IOException e) {
            response = null;  // the client went away mid-request: there is no one to answer
        } catch (RuntimeException e) {
            System.err.println("digitnet serve: " + exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + " failed: " + e);
            response = Response.error(500, "internal error: " + e.getClass().getSimpleName());
        }
        try {
            if (response != null) {
                send(exchange, response);
            }
        } catch (IOException clientGone) {
            // Nothing to do: the client closed the connection before reading the answer.
        } finally {
            exchange.close();
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Route route = routes.get(path);
        if (route == null) {
            throw new BadRequest(BadRequest.NOT_FOUND, "no such path: " + path + "; try / (the page), POST /predict, "
                    + "GET /model or GET /weights");
        }
        if (!route.method().equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", route.method());
            throw new BadRequest(BadRequest.METHOD_NOT_ALLOWED, exchange.getRequestMethod() + " " + path
                    + ": not allowed; use " + route.method());
        }
        return route.handler().answer(exchange);
    }

    /** {@code POST /predict}: an answer for {@code pixels}, a list of answers for {@code rows}. */
    private Response predict(HttpExchange exchange) throws IOException {
        DigitRequest request = DigitRequest.parse(body(exchange));
        if (!request.batch()) {
            return Response.json(model.answer(request.rows()[0]));
        }
        ObjectNode answers = JsonNodeFactory.instance.objectNode();
        ArrayNode predictions = answers.putArray("predictions");
        for (int[] row : request.rows()) {
            predictions.add(model.answer(row));
        }
        return Response.json(answers);
    }

    /** The request body, if it is at most {@link #MAX_BODY_BYTES} long. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            if (!readToEnd(in, MAX_DRAINED_BYTES)) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            throw new BadRequest("request body over " + MAX_BODY_BYTES + " bytes; send a large batch in parts");
        }
        return body;
    }

    /** Reads and drops what is left of {@code in}, at most {@code limit} bytes; whether that was all of it. */
    private static boolean readToEnd(InputStream in, long limit) throws IOException {
        byte[] dropped = new byte[1 << 16];
        for (long read = 0; read < limit; ) {
            int n = in.read(dropped);
            if (n < 0) {
                return true;
            }
            read += n;
        }
        return false;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        exchange.sendResponseHeaders(response.status(), response.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response.body());
        }
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /** One of the page's files, as the build put it into the jar. */
    private static byte[] resource(String name) {
        try (InputStream in = DigitServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("digitnet/serve/web/" + name + " is missing from the jar; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
