package digitnet.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * A training run's dev rows found again among numbered digits, for {@code evaluate --dev}: the
 * split {@link TrainingData} made, the {@code devRows} rows with the smallest
 * {@link RowKey#devKey} for the run's seed. Rows are found by their content, so the file may
 * list them in any order; whether it holds the run's rows at all is what {@code checksum} tells.
 *
 * @param rows     how many digits were read
 * @param checksum the digest of their rows, computed as {@link TrainingData#checksum}
 * @param imageIds the ImageIds of the dev rows, ascending
 */
public record DevRows(long rows, String checksum, List<Long> imageIds) {

    public static DevRows find(NumberedDigits digits, int devRows, long seed) {
        JavaPairRDD<Long, Long> hashes = digits.numbered()
                .mapValues(d -> RowKey.contentHash(d.label(), d.pixels()));
        TrainingData.Stats stats = hashes.values()
                .aggregate(new TrainingData.Stats(DevSet.seeded(devRows, seed)), TrainingData.Stats::add, TrainingData.Stats::merge);
        if (stats.devSplit.isEmpty()) {
            return new DevRows(stats.rows, stats.checksumHex(), List.of());
        }
        long threshold = stats.devSplit.threshold();
        List<Tuple2<Long, Long>> chosen = new ArrayList<>(hashes
                .mapValues(hash -> RowKey.devKey(hash, seed))
                .filter(t -> t._2() <= threshold)
                .collect());
        chosen.sort((a, b) -> Long.compare(a._1(), b._1()));
        // Rows at the threshold are copies of one row; training made only the first few of them dev rows.
        int copies = stats.devSplit.copiesAtThreshold();
        List<Long> ids = new ArrayList<>();
        for (Tuple2<Long, Long> t : chosen) {
            if (t._2() < threshold || copies-- > 0) {
                ids.add(t._1());
            }
        }
        return new DevRows(stats.rows, stats.checksumHex(), List.copyOf(ids));
    }
}
