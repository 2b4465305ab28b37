package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DigitFormatTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "data/train.csv, csv",
        "data/train.csv.gz, csv",
        "data/train.txt, csv",
        "data/mnist.libsvm, libsvm",
        "data/mnist.scale.svm, libsvm",
        "s3a://bucket/mnist.libsvm.bz2, libsvm",
        "data/mnist.libsvm.gz, libsvm",
        "data/MNIST.LIBSVM, libsvm",
        "hdfs:///digits.parquet, parquet",
        "hdfs:///digits.parquet/, parquet",
    })
    void aFileIsKnownByItsName(String path, String format) {
        assertEquals(format, DigitFormat.byName(path, List.of(new Path(path)), new Configuration()).toString());
    }

    @ParameterizedTest(name = "a folder of {0} is {1}")
    @CsvSource({
        "part-00000-1.snappy.parquet part-00001-1.snappy.parquet, parquet",
        "part-00000.libsvm part-00001.libsvm.gz, libsvm",
        "part-00000.libsvm part-00001.parquet, csv",
        "part-00000 part-00001, csv",
    })
    void aFolderWithoutSuffixIsKnownByItsFiles(String names, String format) {
        List<Path> files = Arrays.stream(names.split(" ")).map(n -> new Path("out/digits", n)).toList();
        assertEquals(format, DigitFormat.byName("out/digits", files, new Configuration()).toString());
    }
}
