package digitnet.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hostile clients of {@code serve}, on loopback, all at once: connections that send a header a
 * byte at a time and never end it, headers of endless length, bodies that announce a length and
 * stop, and a stream of malformed requests; meanwhile a well-behaved client asks for an answer
 * every {@value #ASK_EVERY_MS} ms and the time of each answer is kept. {@code DigitServerTest}
 * checks liveness with it; {@code scripts/hostile-clients.sh} runs {@link #main} against a served
 * model in a process of its own and reports the answer times and the server's memory.
 */
final class HostileClients implements AutoCloseable {
    static final int ASK_EVERY_MS = 100;
    private static final int DRIP_EVERY_MS = 100;
    private static final byte[] SLOW_HEADER = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
            + "a".repeat(1 << 16)).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STALLED_BODY = ("POST /predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 4000000\r\n\r\n{\"pixels\": [0, 0, ").getBytes(StandardCharsets.US_ASCII);
    private static final List<byte[]> MALFORMED = List.of(
            bytes("\u0000\u0001\u0002 garbage\r\n\r\n"),
            bytes("GET\r\n\r\n"),
            bytes("GET / HTTP/9.9\r\n\r\n"),
            bytes("POST /predict HTTP/1.1\r\nContent-Length: -5\r\n\r\n"),
            bytes("POST /predict HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n"),
            bytes("POST /predict HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
            bytes("POST /predict HTTP/1.1\r\nContent-Length: 2\r\n\r\n{]"),
            bytes("GET /../../etc/passwd HTTP/1.1\r\n\r\n"),
            bytes("POST /predict HTTP/1.1\r\n" + "X-Many: 1\r\n".repeat(1000) + "\r\n"));

    private final InetSocketAddress server;
    private final URI predict;
    private final byte[] digit;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    final AtomicLong slowReopened = new AtomicLong();
    final AtomicLong oversizedBytes = new AtomicLong();
    final AtomicLong malformedAnswered = new AtomicLong();
    final AtomicLong malformedClosed = new AtomicLong();
    final AtomicLong malformedHung = new AtomicLong();

    /** @param digitBody the body the well-behaved client posts */
    HostileClients(URI serverUri, String digitBody) {
        this.server = new InetSocketAddress(serverUri.getHost(), serverUri.getPort());
        this.predict = serverUri.resolve("/predict");
        this.digit = bytes(digitBody);
    }

    /** Holds {@code count} connections open, each sending one more byte of an endless header every 100 ms. */
    HostileClients slowHeaders(int count) throws IOException {
        Socket[] slow = new Socket[count];
        int[] sent = new int[count];
        for (int i = 0; i < count; i++) {
            slow[i] = connect();
        }
        start("slow headers", () -> {
            while (running) {
                for (int i = 0; i < count; i++) {
                    try {
                        slow[i].getOutputStream().write(SLOW_HEADER[sent[i]++ % SLOW_HEADER.length]);
                    } catch (IOException closed) {
                        if (!running) {
                            return;
                        }
                        slowReopened.incrementAndGet();
                        slow[i] = reconnect(slow[i]);
                        sent[i] = 0;
                    }
                }
                pause(DRIP_EVERY_MS);
            }
        });
        return this;
    }

    /** {@code count} connections that send one header line as fast as they can, without end, reconnecting when cut off. */
    HostileClients oversizedHeaders(int count) {
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) 'a');
        for (int c = 0; c < count; c++) {
            start("oversized header", () -> {
                while (running) {
                    try (Socket socket = connect()) {
                        OutputStream out = socket.getOutputStream();
                        out.write(bytes("POST /predict HTTP/1.1\r\nX-Big: "));
                        while (running) {
                            out.write(chunk);
                            oversizedBytes.addAndGet(chunk.length);
                        }
                    } catch (IOException closedByTheServer) {
                        pause(10);
                    }
                }
            });
        }
        return this;
    }

    /** Holds {@code count} connections open whose body announces 4,000,000 bytes and stops after a few. */
    HostileClients stalledBodies(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            connect().getOutputStream().write(STALLED_BODY);
        }
        return this;
    }

    /**
     * One connection after another, each with a malformed request, counting how each ends: an
     * answer, the connection closed without one (the JDK's way with a request it cannot parse), or
     * nothing within 2 s.
     */
    HostileClients malformedRequests() {
        start("malformed requests", () -> {
            for (int n = 0; running; n++) {
                try (Socket socket = connect()) {
                    socket.setSoTimeout(2000);
                    socket.getOutputStream().write(MALFORMED.get(n % MALFORMED.size()));
                    socket.shutdownOutput();
                    InputStream in = socket.getInputStream();
                    (in.readNBytes(64).length > 0 ? malformedAnswered : malformedClosed).incrementAndGet();
                } catch (SocketTimeoutException e) {
                    malformedHung.incrementAndGet();
                } catch (IOException e) {
                    malformedClosed.incrementAndGet();
                }
            }
        });
        return this;
    }

    /**
     * The well-behaved client: {@code count} requests, one every {@value #ASK_EVERY_MS} ms, each
     * given {@code timeout}; the milliseconds each answer took (200 and a label), or -1 for a
     * request that got no such answer in time.
     */
    long[] ask(int count, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        long[] millis = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(predict).timeout(timeout)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(digit)).build(), HttpResponse.BodyHandlers.ofString());
                millis[i] = answer.statusCode() == 200 && answer.body().contains("\"label\"")
                        ? (System.nanoTime() - start) / 1_000_000 : -1;
            } catch (IOException e) {
                millis[i] = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                millis[i] = -1;
            }
            pause(ASK_EVERY_MS);
        }
        return millis;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        synchronized (sockets) {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing is all that is asked.
                }
            }
        }
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }

    /**
     * {@code HostileClients URL PID [SLOW] [SECONDS]}: against the server at URL (process PID),
     * SLOW slow connections (100), 2 endless headers, 20 stalled bodies and malformed requests for
     * SECONDS (30); prints the well-behaved client's answer times and the server's peak memory.
     */
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        long pid = Long.parseLong(args[1]);
        int slow = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String body = "{\"pixels\": [" + "0, ".repeat(783) + "0]}";
        long[] quiet;
        long[] hostile;
        try (HostileClients alone = new HostileClients(url, body)) {
            quiet = alone.ask(20, Duration.ofSeconds(10));
        }
        long rssBefore = memoryKb(pid, "VmRSS");
        try (HostileClients clients = new HostileClients(url, body)) {
            clients.slowHeaders(slow).oversizedHeaders(2).stalledBodies(20).malformedRequests();
            hostile = clients.ask(seconds * 1000 / (ASK_EVERY_MS + 10), Duration.ofSeconds(10));
            System.out.printf(Locale.ROOT, "hostile: %d slow-header connections (%d reopened after the server closed them), "
                    + "2 endless headers (%,d MB sent), 20 stalled bodies, malformed requests: %,d answered, "
                    + "%,d closed without an answer, %d with neither in 2 s%n",
                    slow, clients.slowReopened.get(), clients.oversizedBytes.get() >> 20,
                    clients.malformedAnswered.get(), clients.malformedClosed.get(), clients.malformedHung.get());
        }
        System.out.println("quiet:   " + summary(quiet));
        System.out.println("hostile: " + summary(hostile));
        System.out.printf(Locale.ROOT, "server memory: RSS %d MB before, peak RSS %d MB (VmHWM)%n",
                rssBefore >> 10, memoryKb(pid, "VmHWM") >> 10);
    }

    static String summary(long[] millis) {
        long[] answered = Arrays.stream(millis).filter(m -> m >= 0).sorted().toArray();
        if (answered.length == 0) {
            return String.format(Locale.ROOT, "%d requests, none answered", millis.length);
        }
        return String.format(Locale.ROOT, "%d requests, %d answered, answer time median %d ms, max %d ms",
                millis.length, answered.length, answered[answered.length / 2], answered[answered.length - 1]);
    }

    private static long memoryKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(server, 5000);
        sockets.add(socket);
        return socket;
    }

    private Socket reconnect(Socket old) {
        sockets.remove(old);
        try {
            old.close();
            return connect();
        } catch (IOException e) {
            return old;
        }
    }

    private void start(String name, Runnable work) {
        Thread thread = new Thread(work, "hostile: " + name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
