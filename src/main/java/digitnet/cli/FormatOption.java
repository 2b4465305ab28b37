package digitnet.cli;

import digitnet.data.DigitFormat;
import digitnet.data.StoredDigits;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** {@code --format}, the format of {@code --data}: one option for every command that reads digits. */
final class FormatOption {

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "How --data stores the digits: ${COMPLETION-CANDIDATES} (default: by the name, "
                    + "a compression suffix such as .gz aside: libsvm for *.libsvm and *.svm, parquet for "
                    + "*.parquet, for a folder without such a name its files' names; else csv).")
    DigitFormat format;

    /** The digits stored at {@code path}, in this format. */
    StoredDigits digitsAt(SparkSession spark, String path) {
        return StoredDigits.at(spark, path, format);
    }
}
