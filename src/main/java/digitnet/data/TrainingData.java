package digitnet.data;

import com.esotericsoftware.kryo.DefaultSerializer;
import digitnet.UserError;
import digitnet.compat.KryoRecords;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.OptionalInt;
import java.util.function.BiFunction;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Labelled digits read (from files in any {@link DigitFormat}, or from rows already in Spark),
 * validated, split into train and dev, and packed into cached {@link Block}s: everything an
 * iteration needs from the data.
 *
 * <p>A row's block is a function of its content and of the total row count, and the rows
 * inside a block are sorted by content, so partitions hold whole blocks in any grouping and
 * the blocks are the same whatever the partition count, the row order or the format the rows
 * were stored in.
 *
 * <p>Rows travel from the parser to the packer as {@link SparseRows} chunks: cached once,
 * while the rows are counted and the dev split chosen (both fix where rows go), then shuffled
 * as one chunk per block and input partition.
 *
 * <p>With an {@link Augmentation}, each training row is followed in its block by its deformed
 * copies, made as the block is packed; the blocks are then about as many rows as without, and
 * {@code K + 1} times as many.
 *
 * @param blocks    the cached blocks, each holding its train rows (with their copies) then its dev rows
 * @param trainRows m, the number of training rows, deformed copies included
 * @param devRows   the number of dev rows
 * @param augmentation the deformed copies each training row trains as besides itself
 * @param checksum  an order-independent digest of the input rows (sum of content hashes) and,
 *                  for a dev set the caller marked, of which rows are marked, and of the weights
 *                  that are not 1
 * @param trainWeight the training rows' weights summed exactly (then rounded once): the divisor
 *                  of the mean loss and gradient, m itself when every row weighs 1
 * @param devWeight the dev rows' weights summed exactly, the divisor of the mean dev loss
 * @param cachedBytes the blocks' size in memory and on disk, from Spark's storage info
 * @param spilledBytes the part of {@code cachedBytes} on disk: blocks that did not fit in storage memory
 */
public record TrainingData(JavaRDD<Block> blocks, long trainRows, long devRows, Augmentation augmentation,
        double trainWeight, double devWeight, String checksum, int blockCount, int partitions, long cachedBytes,
        long spilledBytes) implements AutoCloseable {

    /** Rows per block: big enough that exact aggregation costs little beside the kernel. */
    public static final int ROWS_PER_BLOCK = 1024;

    /**
     * Input a partition gets when the caller does not choose the count: Spark's own split size
     * for files ({@code spark.sql.files.maxPartitionBytes}), so that a partition's rows, shuffle
     * output and cached blocks stay a small part of an executor's memory at any row count.
     */
    public static final long INPUT_BYTES_PER_PARTITION = 128L << 20;

    /**
     * Too few rows for the dev set asked for: a seeded split needs its dev rows plus one
     * training row, a marked one at least one unmarked row.
     */
    public static final class TooFewRows extends UserError {
        private static final long serialVersionUID = 1L;
        public final String source;
        public final long rows;
        public final DevSet dev;

        TooFewRows(String source, long rows, DevSet dev) {
            super(source + ": " + rows + " rows, " + (dev instanceof DevSet.Seeded s
                    ? "but " + s.rows() + " dev rows need at least " + (s.rows() + 1L)
                            + " (the dev rows plus one training row)"
                    : "every one of them marked as dev: none left to train on"));
            this.source = source;
            this.rows = rows;
            this.dev = dev;
        }
    }

    /**
     * Reads the labelled digits stored at {@code data}, in any format; a bad record is reported
     * with its file and line or row.
     */
    public static TrainingData load(SparkSession spark, StoredDigits data, DevSet dev, Augmentation augmentation,
            OptionalInt partitions) {
        DigitReader reader = data.labelledReader(spark);
        List<Path> files = data.files();
        JavaRDD<Parsed> parsed = reader.digits(spark, files).mapPartitions(Parsed::chunksOfRead)
                .persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return DigitFiles.reading(spark, files, () -> {
                Stats stats = parsed.aggregate(new Stats(dev), Stats::add, Stats::merge);
                if (stats.firstBadFile != null) {
                    throw reader.badRecord(spark, stats.firstBadFile, files);
                }
                return pack(spark, data.path(), parsed.map(Parsed::rows), stats, dev, augmentation,
                        partitions(spark, partitions, data.bytes(spark), stats.rows, augmentation));
            });
        } finally {
            parsed.unpersist(false);
        }
    }

    /**
     * The digits of {@code digits}, rows already in Spark (for example built from a DataFrame by
     * the Spark ML stage), split and packed exactly as {@link #load} does a file's: the same rows
     * with the same dev set give the same blocks, so training on them gives the same model.
     *
     * @param source names the rows in errors
     */
    public static TrainingData of(SparkSession spark, String source, JavaRDD<LabelledDigit> digits, DevSet dev,
            Augmentation augmentation, OptionalInt partitions) {
        JavaRDD<Parsed> rows = digits.mapPartitions(Parsed::chunksOfLabelled).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Stats stats = rows.aggregate(new Stats(dev), Stats::add, Stats::merge);
            return pack(spark, source, rows.map(Parsed::rows), stats, dev, augmentation,
                    partitions(spark, partitions, 0, stats.rows, augmentation));
        } finally {
            rows.unpersist(false);
        }
    }

    private static TrainingData pack(SparkSession spark, String source, JavaRDD<SparseRows> rows, Stats stats,
            DevSet dev, Augmentation augmentation, int partitions) {
        long devWanted = dev instanceof DevSet.Seeded s ? s.rows() : stats.marked;
        if (stats.rows < devWanted + 1L) {
            throw new TooFewRows(source, stats.rows, dev);
        }
        // Blocks of about ROWS_PER_BLOCK rows once the copies are in: the kernels' unit of work stays its size.
        long packedRows = devWanted + (stats.rows - devWanted) * augmentation.factor();
        int blockCount = (int) Math.max(1, (packedRows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
        Packer packer = new Packer(dev, stats.devSplit, augmentation);
        BlockPlacement placement = new BlockPlacement(blockCount, partitions);
        // Each input partition sends a block's rows as one chunk; Spark's shuffle brings the chunks
        // of a block together, sorting each partition's by block (spilling to disk as it needs), so
        // that the packer sees one block's rows after another.
        JavaRDD<Block> blocks = rows
                .mapPartitionsToPair(placement::byBlock)
                .repartitionAndSortWithinPartitions(placement)
                .mapPartitions(packer::pack)
                .setName("digitnet blocks")
                .persist(StorageLevel.MEMORY_AND_DISK());
        Totals totals = blocks.map(Totals::of).fold(new Totals(0, BigDecimal.ZERO, BigDecimal.ZERO), Totals::plus);
        if (totals.trainWeight.signum() == 0) {
            blocks.unpersist(false);
            throw new UserError(source + ": every training row has weight 0, so there is nothing to learn from");
        }
        RDDInfo cached = cachedInfo(spark, blocks);
        long memory = cached == null ? 0 : cached.memSize();
        long disk = cached == null ? 0 : cached.diskSize();
        return new TrainingData(blocks, totals.trainRows, stats.rows - totals.trainRows / augmentation.factor(),
                augmentation,
                totals.trainWeight.doubleValue(), totals.devWeight.doubleValue(), stats.checksumHex(),
                blockCount, partitions, memory + disk, disk);
    }

    /**
     * The partitions of the cached blocks: those asked for, else one per
     * {@link #INPUT_BYTES_PER_PARTITION} of input and at least Spark's default parallelism (every
     * core gets work). The input counts at least a byte a pixel, what the rows of a compressed
     * file or of rows already in Spark take unpacked, and {@code K + 1} times that with K
     * deformed copies of each row, which the partitions' blocks hold too.
     */
    static int partitions(SparkSession spark, OptionalInt asked, long inputBytes, long rows,
            Augmentation augmentation) {
        long bytes = Math.max(inputBytes, rows * DigitShape.PIXELS) * augmentation.factor();
        long bySize = (bytes + INPUT_BYTES_PER_PARTITION - 1) / INPUT_BYTES_PER_PARTITION;
        return asked.orElseGet(() -> (int) Math.max(spark.sparkContext().defaultParallelism(),
                Math.min(bySize, Integer.MAX_VALUE)));
    }

    /**
     * How many blocks each cached partition holds, by partition index: block {@code b} is in
     * partition {@code b mod partitions} ({@link BlockPlacement}), so with more partitions than
     * blocks the last ones hold none.
     */
    public int[] blocksPerPartition() {
        int[] blocks = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            blocks[p] = blockCount / partitions + (p < blockCount % partitions ? 1 : 0);
        }
        return blocks;
    }

    /**
     * What to tell the user when some blocks did not fit in storage memory and went to disk, or
     * null when none did: how much, that iterations read it back from disk (slower, not wrong),
     * and which setting keeps it in memory. Spark's storage and execution share
     * {@code spark.memory.fraction} of the heap above its 300 MB reserve, so holding the blocks
     * takes about that many bytes more per executor; in {@code local[*]} the one executor is the
     * driver, and its heap is the setting.
     */
    public String spillWarning(SparkSession spark) {
        if (spilledBytes == 0) {
            return null;
        }
        SparkContext sc = spark.sparkContext();
        double fraction = sc.getConf().getDouble("spark.memory.fraction", 0.6);
        int executors = sc.isLocal() ? 1 : Math.max(1, sc.getExecutorMemoryStatus().size() - 1);
        long now = sc.isLocal() ? Runtime.getRuntime().maxMemory()
                : sc.getConf().getSizeAsBytes("spark.executor.memory", "1g");
        // The cache's share of the unified region, plus the reserve; and never less than now plus
        // what spilled: the shuffle's sort held part of that region while the blocks were stored.
        long needed = Math.max((long) (cachedBytes / executors / fraction) + (300L << 20),
                now + (long) (spilledBytes / executors / fraction));
        String setting = sc.isLocal()
                ? String.format(Locale.ROOT, "the driver's memory, where local mode keeps the cache, to about %s "
                        + "(now %s: DIGITNET_DRIVER_MEMORY for scripts/run-local.sh, --driver-memory for spark-submit)",
                        gigabytes(needed), gigabytes(now))
                : String.format(Locale.ROOT, "spark.executor.memory (--executor-memory, now %s) to about %s, "
                        + "or add executors", sc.getConf().get("spark.executor.memory", "1g"), gigabytes(needed));
        return String.format(Locale.ROOT, "%s of the %s of cached training data did not fit in storage memory "
                + "and went to disk; every iteration reads it back from there. To keep it in memory, raise %s",
                megabytes(spilledBytes), megabytes(cachedBytes), setting);
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", (bytes + (1L << 20) - 1) >> 20);
    }

    private static String gigabytes(long bytes) {
        return ((bytes + (1L << 30) - 1) >> 30) + "g";
    }

    /**
     * The blocks' training rows and weights. The weights are added as exact decimals, so their
     * sum, rounded once at the end, is the same bits in any grouping of the blocks.
     */
    @DefaultSerializer(KryoRecords.class)
    private record Totals(long trainRows, BigDecimal trainWeight, BigDecimal devWeight) implements Serializable {
        static Totals of(Block block) {
            BigDecimal train = BigDecimal.ZERO;
            BigDecimal dev = BigDecimal.ZERO;
            if (block.weights == null) {
                train = BigDecimal.valueOf(block.trainRows);
                dev = BigDecimal.valueOf(block.devRows);
            } else {
                for (int r = 0; r < block.rows(); r++) {
                    BigDecimal w = new BigDecimal(block.weights[r]);
                    if (r < block.trainRows) {
                        train = train.add(w);
                    } else {
                        dev = dev.add(w);
                    }
                }
            }
            return new Totals(block.trainRows, train, dev);
        }

        Totals plus(Totals o) {
            return new Totals(trainRows + o.trainRows, trainWeight.add(o.trainWeight), devWeight.add(o.devWeight));
        }
    }

    /** Drops the cached blocks. */
    @Override
    public void close() {
        blocks.unpersist(false);
    }

    /** The rows in the blocks: training rows with their copies, and dev rows. */
    public long rows() {
        return trainRows + devRows;
    }

    /** The training rows read, each counted once, without their copies. */
    public long trainRowsRead() {
        return trainRows / augmentation.factor();
    }

    /** The rows read, each counted once: what the checksum is of. */
    public long inputRows() {
        return trainRowsRead() + devRows;
    }

    /**
     * The cached blocks' storage info, or null when Spark has none. Executors report cached
     * partitions to the driver as they store them, and a report can trail the job that stored
     * it by a moment, so this waits (briefly, at most two seconds) until every partition is counted.
     */
    private static RDDInfo cachedInfo(SparkSession spark, JavaRDD<Block> blocks) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            RDDInfo info = storageInfo(spark, blocks);
            boolean complete = info != null && info.numCachedPartitions() == info.numPartitions();
            if (complete || System.nanoTime() > deadline) {
                return info;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return info;
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

    /**
     * Rows as the executors parsed them, a chunk of up to {@link #ROWS_PER_CHUNK} valid digits,
     * and the file of the first record among them that is not a valid digit, or null.
     */
    @DefaultSerializer(KryoRecords.class)
    record Parsed(SparseRows rows, String badFile) implements Serializable {
        /** Rows per chunk: a block's worth, big enough that a chunk's own cost is nothing beside its rows'. */
        static final int ROWS_PER_CHUNK = ROWS_PER_BLOCK;

        static Iterator<Parsed> chunksOfRead(Iterator<Digit> digits) {
            return chunks(digits, (chunk, d) -> {
                if (!d.isValid()) {
                    return d.badFile();
                }
                chunk.add(d.label(), d.pixels(), false, 1);
                return null;
            });
        }

        static Iterator<Parsed> chunksOfLabelled(Iterator<LabelledDigit> digits) {
            return chunks(digits, (chunk, d) -> {
                chunk.add(d.label(), d.pixels(), d.dev(), d.weight());
                return null;
            });
        }

        /**
         * {@code items} in chunks, each item added by {@code add}, which returns the file of an
         * item that is not a valid digit, else null.
         */
        private static <T> Iterator<Parsed> chunks(Iterator<T> items, BiFunction<SparseRows.Builder, T, String> add) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return items.hasNext();
                }

                @Override
                public Parsed next() {
                    SparseRows.Builder chunk = new SparseRows.Builder(ROWS_PER_CHUNK * 512);
                    String badFile = null;
                    for (int taken = 0; taken < ROWS_PER_CHUNK && items.hasNext(); taken++) {
                        String bad = add.apply(chunk, items.next());
                        badFile = badFile == null ? bad : badFile;
                    }
                    return new Parsed(chunk.build(), badFile);
                }
            };
        }
    }

    /** What one pass over the parsed rows learns: count, checksum, dev split, first bad file. */
    static final class Stats implements Serializable {
        private static final long serialVersionUID = 1L;
        private final DevSet dev;
        long rows;
        long checksum;
        /** Rows the caller marked as dev. */
        long marked;
        String firstBadFile;
        /** The seeded split's smallest keys; empty for a marked dev set. */
        final DevSplit devSplit;

        Stats(DevSet dev) {
            this.dev = dev;
            this.devSplit = new DevSplit(dev instanceof DevSet.Seeded s ? s.rows() : 0);
        }

        Stats add(Parsed p) {
            if (p.badFile != null) {
                firstBadFile = earlier(firstBadFile, p.badFile);
            }
            SparseRows rows = p.rows;
            for (int at = 0; !rows.isEnd(at); at = rows.next(at)) {
                long hash = rows.hash(at);
                double weight = rows.weight(at);
                if (weight != 1) {
                    // A weight changes what a run trains on, so it enters the checksum; weight 1 leaves it as it was.
                    checksum += RowKey.mix(hash ^ Double.doubleToLongBits(weight));
                }
                if (!(dev instanceof DevSet.Seeded) && rows.dev(at)) {
                    marked++;
                    // The checksum tells what a run trains on, so a row marked dev counts apart from the same row in training.
                    checksum += RowKey.mix(hash);
                }
                add(hash);
            }
            return this;
        }

        /** Counts a valid row by its content hash. */
        Stats add(long contentHash) {
            rows++;
            checksum += contentHash;
            if (dev instanceof DevSet.Seeded s) {
                devSplit.add(RowKey.devKey(contentHash, s.seed()));
            }
            return this;
        }

        /** The checksum as run.json and checkpoints record it. */
        String checksumHex() {
            return String.format("%016x", checksum);
        }

        Stats merge(Stats o) {
            rows += o.rows;
            checksum += o.checksum;
            marked += o.marked;
            firstBadFile = earlier(firstBadFile, o.firstBadFile);
            devSplit.merge(o.devSplit);
            return this;
        }

        private static String earlier(String a, String b) {
            return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
        }
    }

    /**
     * Where a row goes: its block ({@link RowKey#block}), and the partition holding that block.
     * Keys of the shuffle are block numbers.
     */
    static final class BlockPlacement extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int blockCount;
        private final int partitions;

        BlockPlacement(int blockCount, int partitions) {
            this.blockCount = blockCount;
            this.partitions = partitions;
        }

        int blockOf(long contentHash) {
            return RowKey.block(contentHash, blockCount);
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object block) {
            return (Integer) block % partitions;
        }

        /**
         * One input partition's rows grouped by block: a chunk for each block it has rows of,
         * the rows in their input order. A task holds its input partition's rows, about a third
         * of its input's size, not the partitions' it sends them to.
         */
        Iterator<Tuple2<Integer, SparseRows>> byBlock(Iterator<SparseRows> chunks) {
            SparseRows.Builder[] blocks = new SparseRows.Builder[blockCount];
            while (chunks.hasNext()) {
                SparseRows rows = chunks.next();
                for (int at = 0; !rows.isEnd(at); at = rows.next(at)) {
                    int block = blockOf(rows.hash(at));
                    if (blocks[block] == null) {
                        blocks[block] = new SparseRows.Builder(1024);
                    }
                    blocks[block].add(rows, at);
                }
            }
            List<Tuple2<Integer, SparseRows>> grouped = new ArrayList<>();
            for (int block = 0; block < blockCount; block++) {
                if (blocks[block] != null) {
                    grouped.add(new Tuple2<>(block, blocks[block].build()));
                    blocks[block] = null;
                }
            }
            return grouped.iterator();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BlockPlacement b && b.blockCount == blockCount && b.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return 31 * blockCount + partitions;
        }
    }

    /**
     * Packs one partition's rows into its blocks, sorted by content, dev rows after train rows,
     * each training row followed by its deformed copies.
     */
    static final class Packer implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Augmentation augmentation;
        private final boolean marked;
        private final long seed;
        private final boolean anyDev;
        private final long threshold;
        private final int copiesAtThreshold;

        Packer(DevSet dev, DevSplit split, Augmentation augmentation) {
            this.augmentation = augmentation;
            this.marked = dev instanceof DevSet.Marked;
            this.seed = dev instanceof DevSet.Seeded s ? s.seed() : 0;
            this.anyDev = !split.isEmpty();
            this.threshold = anyDev ? split.threshold() : 0;
            this.copiesAtThreshold = anyDev ? split.copiesAtThreshold() : 0;
        }

        /**
         * The blocks of one partition, whose rows arrive as chunks sorted by block (see
         * {@link BlockPlacement}): each block is packed as soon as its last chunk has gone past,
         * so a task holds one block's rows at a time however many rows its partition has.
         */
        Iterator<Block> pack(Iterator<Tuple2<Integer, SparseRows>> sortedChunks) {
            return new Iterator<>() {
                private Tuple2<Integer, SparseRows> next = sortedChunks.hasNext() ? sortedChunks.next() : null;

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Block next() {
                    if (next == null) {
                        throw new NoSuchElementException();
                    }
                    int block = next._1();
                    List<Row> members = new ArrayList<>();
                    while (next != null && next._1() == block) {
                        SparseRows rows = next._2();
                        for (int at = 0; !rows.isEnd(at); at = rows.next(at)) {
                            members.add(new Row(rows, at));
                        }
                        next = sortedChunks.hasNext() ? sortedChunks.next() : null;
                    }
                    return pack(members);
                }
            };
        }

        /** A row of a chunk, ordered by content ({@link SparseRows#compare}). */
        private record Row(SparseRows rows, int at) implements Comparable<Row> {
            @Override
            public int compareTo(Row o) {
                return SparseRows.compare(rows, at, o.rows, o.at);
            }
        }

        /** One block from its rows, in content order once sorted. */
        private Block pack(List<Row> members) {
            members.sort(null);
            List<Row> train = new ArrayList<>();
            List<Row> dev = new ArrayList<>();
            int atThreshold = 0;
            for (Row row : members) {
                boolean isDev;
                if (marked) {
                    isDev = row.rows.dev(row.at);
                } else {
                    long key = RowKey.devKey(row.rows.hash(row.at), seed);
                    isDev = anyDev && (key < threshold || key == threshold && atThreshold++ < copiesAtThreshold);
                }
                (isDev ? dev : train).add(row);
            }
            Block.Builder block = new Block.Builder(train.size() * augmentation.factor() + dev.size());
            for (Row row : train) {
                block.add(row.rows, row.at);
                if (augmentation.copies() > 0) {
                    byte[] pixels = row.rows.densePixels(row.at);
                    for (int copy = 1; copy <= augmentation.copies(); copy++) {
                        block.add(row.rows.label(row.at), row.rows.weight(row.at),
                                augmentation.copy(row.rows.hash(row.at), pixels, copy));
                    }
                }
            }
            int trainRows = train.size() * augmentation.factor();
            for (Row row : dev) {
                block.add(row.rows, row.at);
            }
            return block.build(trainRows);
        }
    }
}
