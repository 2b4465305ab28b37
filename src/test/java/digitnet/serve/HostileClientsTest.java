package digitnet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import digitnet.TestModel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * serve keeps answering a well-behaved client, each answer within 10 s, while 100 connections send
 * a header a byte at a time, 20 bodies stall and malformed requests keep coming; before the server
 * gave each connection a thread of its own and a time limit, no answer came at all.
 */
class HostileClientsTest {

    @Test
    void answersWhileAHundredSlowConnectionsAreHeldOpen() throws Exception {
        String digit = Arrays.stream(TestData.pixels(TestData.lines(TestModel.data()).get(1)))
                .mapToObj(Integer::toString).collect(Collectors.joining(",", "{\"pixels\": [", "]}"));
        try (DigitServer server = DigitServer.start(ServedModel.load(TestModel.run()), new InetSocketAddress("127.0.0.1", 0));
                HostileClients clients = new HostileClients(server.uri(), digit)) {
            clients.slowHeaders(100).stalledBodies(20).malformedRequests();

            long[] millis = clients.ask(10, Duration.ofSeconds(10));

            assertTrue(Arrays.stream(millis).allMatch(m -> m >= 0), "unanswered: " + HostileClients.summary(millis));
            assertEquals(0, clients.slowReopened.get(), "slow connections the server closed before the end");
        }
    }
}
