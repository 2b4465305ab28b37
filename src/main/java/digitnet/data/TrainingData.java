package digitnet.data;

import digitnet.UserError;
import digitnet.nn.Layout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Labelled digits read, validated, split into train and dev, and packed into cached
 * {@link Block}s: everything an iteration needs from the data.
 *
 * <p>A row's block is a function of its content and of the total row count, and the rows
 * inside a block are sorted by content, so partitions hold whole blocks in any grouping and
 * the blocks are the same whatever the partition count or line order.
 *
 * @param blocks    the cached blocks, each holding its train rows then its dev rows
 * @param trainRows m, the number of training rows
 * @param devRows   the number of dev rows
 * @param checksum  an order-independent digest of the input rows (sum of content hashes)
 * @param cachedBytes the blocks' size in memory, from Spark's storage info
 */
public record TrainingData(JavaRDD<Block> blocks, long trainRows, long devRows, String checksum,
        int blockCount, int partitions, long cachedBytes) {

    /** Rows per block: big enough that exact aggregation costs little beside the kernel. */
    public static final int ROWS_PER_BLOCK = 1024;

    public static TrainingData load(SparkSession spark, String path, int devRows, long seed,
            int partitions) {
        DigitCsv csv = DigitCsv.labelled();
        List<Path> files = DigitCsv.files(spark, path);
        csv.checkHeaders(spark, files);

        JavaRDD<Parsed> parsed = parse(spark, csv, files).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return DigitCsv.reading(files, () -> splitAndPack(spark, csv, path, files, parsed, devRows, seed, partitions));
        } finally {
            parsed.unpersist(false);
        }
    }

    private static TrainingData splitAndPack(SparkSession spark, DigitCsv csv, String path, List<Path> files,
            JavaRDD<Parsed> parsed, int devRows, long seed, int partitions) {
        Stats stats = parsed.aggregate(new Stats(devRows, seed), Stats::add, Stats::merge);
        if (stats.firstBadFile != null) {
            throw new UserError(csv.firstProblem(spark, DigitCsv.listed(stats.firstBadFile, files)));
        }
        if (stats.rows < devRows + 1L) {
            throw new UserError(path + ": " + stats.rows + " rows, but --dev-rows " + devRows
                    + " needs at least " + (devRows + 1L)
                    + " (the dev rows plus one training row)");
        }
        int blockCount = (int) Math.max(1, (stats.rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
        Packer packer = new Packer(seed, stats.devSplit);
        JavaRDD<Block> blocks = parsed
                .mapToPair(p -> new Tuple2<>(RowKey.block(p.row.hash(), blockCount), p.row))
                .partitionBy(new HashPartitioner(partitions))
                .mapPartitions(packer::pack)
                .setName("digitnet blocks")
                .persist(StorageLevel.MEMORY_ONLY());
        long trainRows = blocks.map(b -> (long) b.trainRows).fold(0L, Long::sum);
        long dev = stats.rows - trainRows;
        return new TrainingData(blocks, trainRows, dev, String.format("%016x", stats.checksum),
                blockCount, partitions, cachedBytes(spark, blocks));
    }

    public long rows() {
        return trainRows + devRows;
    }

    /**
     * Every data line of {@code files}, parsed on the executors: the DataFrame of lines that
     * {@link DigitCsv#read} gives (an explicit schema, never inferSchema), each line parsed by
     * {@link DigitCsv#parse}, the same reader prediction uses. Reading lines straight from
     * Hadoop's text input loaded a cold JVM faster; docs/benchmarks.md records both.
     */
    private static JavaRDD<Parsed> parse(SparkSession spark, DigitCsv csv, List<Path> files) {
        return csv.read(spark, files).javaRDD()
                .filter(row -> !csv.isSkipped(row.getString(0)))
                .map(row -> Parsed.of(csv, row.getString(0), row.getString(1)));
    }

    /**
     * The cached blocks' size from Spark's storage info. Executors report cached partitions to
     * the driver as they store them, and a report can trail the job that stored it by a moment,
     * so this waits (briefly, at most two seconds) until every partition is counted.
     */
    private static long cachedBytes(SparkSession spark, JavaRDD<Block> blocks) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            RDDInfo info = storageInfo(spark, blocks);
            boolean complete = info != null && info.numCachedPartitions() == info.numPartitions();
            if (complete || System.nanoTime() > deadline) {
                return info == null ? 0 : info.memSize();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return info == null ? 0 : info.memSize();
            }
        }
    }

    private static RDDInfo storageInfo(SparkSession spark, JavaRDD<Block> blocks) {
        for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
            if (info.id() == blocks.id()) {
                return info;
            }
        }
        return null;
    }

    /** A row as the executors parsed it: a valid digit, or the file holding an invalid one. */
    record Parsed(KeyedRow row, String badFile) implements Serializable {
        static Parsed of(DigitCsv csv, String line, String file) {
            int[] fields = new int[1 + Layout.PIXELS];
            if (csv.parse(line, fields) != null) {
                return new Parsed(null, file);
            }
            byte[] pixels = new byte[Layout.PIXELS];
            for (int p = 0; p < Layout.PIXELS; p++) {
                pixels[p] = (byte) fields[1 + p];
            }
            return new Parsed(KeyedRow.of(fields[0], pixels), null);
        }
    }

    /** What one pass over the parsed rows learns: count, checksum, dev split, first bad file. */
    static final class Stats implements Serializable {
        private static final long serialVersionUID = 1L;
        final long seed;
        long rows;
        long checksum;
        String firstBadFile;
        final DevSplit devSplit;

        Stats(int devRows, long seed) {
            this.seed = seed;
            this.devSplit = new DevSplit(devRows);
        }

        Stats add(Parsed p) {
            if (p.badFile != null) {
                firstBadFile = earlier(firstBadFile, p.badFile);
                return this;
            }
            rows++;
            checksum += p.row.hash();
            devSplit.add(RowKey.devKey(p.row.hash(), seed));
            return this;
        }

        Stats merge(Stats o) {
            rows += o.rows;
            checksum += o.checksum;
            firstBadFile = earlier(firstBadFile, o.firstBadFile);
            devSplit.merge(o.devSplit);
            return this;
        }

        private static String earlier(String a, String b) {
            return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
        }
    }

    /** Packs one partition's rows into its blocks, sorted by content, dev rows after train rows. */
    static final class Packer implements Serializable {
        private static final long serialVersionUID = 1L;
        private final long seed;
        private final boolean anyDev;
        private final long threshold;
        private final int copiesAtThreshold;

        Packer(long seed, DevSplit split) {
            this.seed = seed;
            this.anyDev = !split.isEmpty();
            this.threshold = anyDev ? split.threshold() : 0;
            this.copiesAtThreshold = anyDev ? split.copiesAtThreshold() : 0;
        }

        Iterator<Block> pack(Iterator<Tuple2<Integer, KeyedRow>> rows) {
            Map<Integer, List<KeyedRow>> byBlock = new TreeMap<>();
            while (rows.hasNext()) {
                Tuple2<Integer, KeyedRow> t = rows.next();
                byBlock.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2());
            }
            List<Block> blocks = new ArrayList<>(byBlock.size());
            for (List<KeyedRow> members : byBlock.values()) {
                blocks.add(pack(members));
            }
            return blocks.iterator();
        }

        private Block pack(List<KeyedRow> members) {
            members.sort(null);
            List<KeyedRow> train = new ArrayList<>();
            List<KeyedRow> dev = new ArrayList<>();
            int atThreshold = 0;
            for (KeyedRow row : members) {
                long key = RowKey.devKey(row.hash(), seed);
                boolean isDev = anyDev && (key < threshold
                        || key == threshold && atThreshold++ < copiesAtThreshold);
                (isDev ? dev : train).add(row);
            }
            int rows = members.size();
            byte[] labels = new byte[rows];
            byte[][] pixels = new byte[rows][];
            int r = 0;
            for (List<KeyedRow> group : List.of(train, dev)) {
                for (KeyedRow row : group) {
                    labels[r] = row.label();
                    pixels[r++] = row.pixels();
                }
            }
            return Block.pack(train.size(), labels, pixels);
        }
    }
}
