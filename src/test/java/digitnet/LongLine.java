package digitnet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A small gzip file that expands to a line of hundreds of megabytes or more: gzip members may
 * follow one another (RFC 1952; Hadoop's codec and {@code zcat} read them as one stream), so one
 * compressed chunk written many times makes a long line in seconds, with no big file committed.
 */
public final class LongLine {
    private static final int CHUNK_BYTES = 16 << 20;

    private LongLine() {}

    /**
     * Writes {@code file}: {@code before}, then {@code piece} repeated to at least {@code bytes}
     * bytes (in whole chunks of 16 MiB), then {@code after}, all gzip-compressed; returns the
     * length of the repeated part.
     */
    public static long gzip(Path file, String before, String piece, long bytes, String after) throws IOException {
        byte[] chunk = piece.repeat(CHUNK_BYTES / piece.length()).getBytes(StandardCharsets.US_ASCII);
        byte[] member = gzipped(chunk);
        long chunks = (bytes + chunk.length - 1) / chunk.length;
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(gzipped(before.getBytes(StandardCharsets.UTF_8)));
            for (long c = 0; c < chunks; c++) {
                out.write(member);
            }
            out.write(gzipped(after.getBytes(StandardCharsets.UTF_8)));
        }
        return chunks * chunk.length;
    }

    private static byte[] gzipped(byte[] bytes) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(bytes);
        }
        return compressed.toByteArray();
    }
}
