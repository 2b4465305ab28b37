package digitnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import digitnet.UserError;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplacesContent() throws IOException {
        Path target = dir.resolve("report.txt");

        AtomicFiles.writeString(target, "first ✓");
        assertEquals("first ✓", Files.readString(target, StandardCharsets.UTF_8));

        AtomicFiles.writeString(target, "second");
        assertEquals("second", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void writesThroughAHiddenTemporaryFileInTheSameDirectory() throws IOException {
        Path target = dir.resolve("model.npz");

        AtomicFiles.write(target, out -> {
            List<Path> during = listDir();
            assertEquals(1, during.size());
            assertTrue(during.get(0).getFileName().toString().startsWith(".model.npz.tmp-"), during.toString());
            out.write('x');
        });

        assertEquals("x", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void bodyMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            try (Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
                writer.write("written, then closed");
            }
        });

        assertEquals("written, then closed", Files.readString(target));
    }

    @Test
    void ioFailureInBodyKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("model.npz");
        AtomicFiles.writeString(target, "previous");

        UserError error = assertThrows(UserError.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new content".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));

        assertTrue(error.getMessage().contains("cannot write " + target), error.getMessage());
        assertTrue(error.getMessage().contains("No space left on device"), error.getMessage());
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void runtimeFailureInBodyPropagatesAndKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("model.npz");
        AtomicFiles.writeString(target, "previous");

        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write('x');
                    throw new IllegalStateException("bug");
                }));

        assertEquals("bug", error.getMessage());
        assertEquals("previous", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void missingDirectoryIsAUserError() {
        Path target = dir.resolve("no-such-dir").resolve("model.npz");

        UserError error = assertThrows(UserError.class, () -> AtomicFiles.writeString(target, "x"));

        assertTrue(error.getMessage().contains(target.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("does not exist"), error.getMessage());
    }

    @Test
    void directoryThatIsAFileIsAUserError() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path target = notADirectory.resolve("model.npz");

        UserError error = assertThrows(UserError.class, () -> AtomicFiles.writeString(target, "x"));

        assertTrue(error.getMessage().startsWith("cannot write " + target + ": "), error.getMessage());
    }

    @Test
    void targetThatIsADirectoryIsAUserError() throws IOException {
        Path target = Files.createDirectory(dir.resolve("model.npz"));

        UserError error = assertThrows(UserError.class, () -> AtomicFiles.writeString(target, "x"));

        assertTrue(error.getMessage().contains("is a directory"), error.getMessage());
        assertTrue(Files.isDirectory(target));
    }

    @Test
    void unwritableDirectoryIsAUserError() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root may write anywhere, so the check is meaningful only for other users.
            assumeFalse(Files.isWritable(readOnly), "running as a user who can write read-only directories");
            Path target = readOnly.resolve("model.npz");

            UserError error = assertThrows(UserError.class, () -> AtomicFiles.writeString(target, "x"));

            assertEquals("cannot write " + target + ": permission denied", error.getMessage());
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
