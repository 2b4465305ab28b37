package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class DigitCsvTest {

    @Test
    void sparksUrlOfAFileIsNamedAsItWasListed() {
        List<Path> files = List.of(new Path("file:/data/parts/a.csv"), new Path("file:/data/parts/b.csv"));

        assertEquals(files.get(1), DigitFiles.listed("file:///data/parts/b.csv", files));
    }

    @Test
    void aFileGivenByARelativePathKeepsThatName() {
        List<Path> files = List.of(new Path("data/train.csv.gz"));

        assertEquals(files.get(0), DigitFiles.listed("file:///home/me/data/train.csv.gz", files));
    }

    @Test
    void aFileNotListedKeepsSparksName() {
        assertEquals(new Path("file:///x/y.csv"), DigitFiles.listed("file:///x/y.csv", List.of(new Path("z.csv"))));
    }
}
