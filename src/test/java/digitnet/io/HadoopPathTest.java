package digitnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files on a Hadoop file system other than the local one ({@link FarFileSystem}, the local disk
 * in disguise) are written through a temporary name and read from a copy; local ones, given as
 * {@code file:} paths, as {@link AtomicFiles} writes them.
 */
class HadoopPathTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    @BeforeAll
    static void registerFar() {
        FarFileSystem.register(CONF);
    }

    private HadoopPath path(String scheme, String name) {
        return HadoopPath.of(CONF, scheme + ":" + dir.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", FarFileSystem.SCHEME})
    void writesReplacesListsReadsAndDeletes(String scheme) throws IOException {
        HadoopPath folder = path(scheme, "a/b");
        assertFalse(folder.exists());
        assertEquals(List.of(), folder.list());
        folder.createDirectories();
        assertTrue(folder.isDirectory());

        HadoopPath file = folder.resolve("record.json");
        file.writeString("first");
        file.writeString("second");

        assertTrue(file.isFile());
        assertEquals("second", Files.readString(dir.resolve("a/b/record.json")));
        assertEquals("second", file.read(local -> readString(local)));
        assertEquals(List.of("record.json"), folder.list(), "no temporary or .crc files");
        file.delete();
        folder.delete();
        assertFalse(folder.exists());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", FarFileSystem.SCHEME})
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryOne(String scheme) throws IOException {
        HadoopPath file = path(scheme, "model.npz");
        file.writeString("previous");

        UserError e = assertThrows(UserError.class, () -> file.write(out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        }));

        assertEquals("cannot write " + file + ": No space left on device", e.getMessage());
        assertEquals("previous", Files.readString(dir.resolve("model.npz")));
        assertEquals(List.of("model.npz"), names(dir));
    }

    @Test
    void aFileOnAnotherFileSystemIsWrittenUnderAHiddenNameThenRenamed() throws IOException {
        HadoopPath file = path(FarFileSystem.SCHEME, "state.npz");

        file.write(out -> {
            List<String> during = names(dir);
            assertEquals(1, during.size(), during.toString());
            assertTrue(during.get(0).startsWith(".state.npz.tmp-"), during.toString());
            out.write('x');
            out.close();   // as a zip stream's close does: the file must still be complete and renamed
        });

        assertEquals("x", Files.readString(dir.resolve("state.npz")));
        assertEquals(List.of("state.npz"), names(dir));
    }

    @Test
    void errorsOfAReaderOfACopyNameTheFileAsGiven() throws IOException {
        Files.writeString(dir.resolve("model.npz"), "not a zip");
        HadoopPath file = path(FarFileSystem.SCHEME, "model.npz");

        UserError e = assertThrows(UserError.class, () -> file.read(Npz::read));

        assertEquals(file + ": not a .npz (zip) file", e.getMessage());
        assertEquals("far:" + dir.resolve("model.npz"), file.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", FarFileSystem.SCHEME})
    void theParentOfAFileInAFolderStillToMakeCanBeMade(String scheme) throws IOException {
        HadoopPath file = path(scheme, "new/sub/model.npz");

        file.parent().createDirectories();
        file.writeString("x");

        assertEquals("x", Files.readString(dir.resolve("new/sub/model.npz")));
    }

    @Test
    void aPathWithoutASchemeIsOnTheDefaultFileSystemRelativeToTheWorkingFolder() throws IOException {
        Path relative = Path.of("target", "hadoop-path-test-" + System.nanoTime());
        HadoopPath folder = HadoopPath.of(CONF, relative.toString());
        try {
            folder.createDirectories();
            folder.resolve("checkpoint.json").writeString("{}");

            assertEquals("{}", Files.readString(relative.resolve("checkpoint.json")));
            assertEquals(relative.toAbsolutePath().toString(), folder.toString());
        } finally {
            folder.resolve("checkpoint.json").delete();
            folder.delete();
        }
    }

    @Test
    void aLocalPathKeepsItsName() {
        HadoopPath relative = HadoopPath.local(Path.of("runs/x")).resolve("checkpoint");

        assertEquals("runs/x/checkpoint", relative.toString());
        assertEquals(dir.resolve("x") + "", HadoopPath.of(CONF, "file:" + dir.resolve("x")).toString());
    }

    private static String readString(Path local) {
        try {
            return Files.readString(local);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
