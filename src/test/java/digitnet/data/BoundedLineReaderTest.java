package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

    @Test
    void splitsLinesAsHadoopDoes() throws IOException {
        assertEquals(List.of("a", "b", "", "c", "d"), lines("a\nb\r\n\rc\rd", 100));
        assertEquals(List.of("a", ""), lines("a\n\n", 100));
        assertEquals(List.of(), lines("", 100));
    }

    @Test
    void agreesWithBufferedReaderOnEveryTerminatorAtEveryBufferBoundary() throws IOException {
        for (String terminator : List.of("\n", "\r", "\r\n")) {
            for (int shift = 0; shift < 3; shift++) {
                String text = "x".repeat(8 * 1024 - 2 + shift) + terminator + "next" + terminator + "last";
                List<String> expected = new BufferedReader(new StringReader(text)).lines().toList();

                assertEquals(expected, lines(text, 1 << 20), "terminator " + terminator.replace("\r", "CR")
                        .replace("\n", "LF") + ", shift " + shift);
            }
        }
    }

    @Test
    void keepsAtMostTheLimitButCountsTheWholeLine() throws IOException {
        String huge = "1,".repeat(300_000);
        BoundedLineReader in = new BoundedLineReader(new StringReader("short\n" + huge + "\nafter"), 10);

        assertEquals("short", in.readLine());
        assertEquals(5, in.length());
        assertEquals("1,1,1,1,1,", in.readLine());
        assertEquals(600_000, in.length());
        assertEquals("after", in.readLine());
        assertEquals(null, in.readLine());
    }

    private static List<String> lines(String text, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLineReader in = new BoundedLineReader(new StringReader(text), max)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
