package digitnet.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A packed group of digits: the unit of work of every kernel and of exact aggregation.
 *
 * <p>Pixels stay bytes and only the non-zero ones are kept (about 81% of MNIST pixels are 0):
 * row {@code r} has its non-zero pixels at {@code pixelIndex[rowStart[r] .. rowStart[r+1])}
 * with values {@code pixelValue[...] & 0xFF}, in increasing pixel order. That is about 3 bytes
 * per non-zero pixel, under one byte per pixel on MNIST.
 *
 * <p>Rows {@code [0, trainRows)} are training rows, rows {@code [trainRows, rows())} are dev
 * rows, each group ordered by row key, so a block's content and order depend only on the rows it
 * holds, never on the partition or the input order.
 *
 * <p>The rows are kept pixel-major as well, by groups of {@link #GROUP} neighbouring pixels
 * (group {@code g} is pixels {@code 4g .. 4g+3}, four in one line of the image), for the pixel
 * loops: group {@code g} is non-zero in rows {@code groupRow[groupStart[g] .. groupStart[g+1])}
 * (as {@code & 0xFFFF}), in increasing row order, the training rows first, up to
 * {@code groupTrainEnd[g]}; entry {@code e} holds the four pixels' values
 * {@code groupValue[4e .. 4e+4)} (as {@code & 0xFF}, 0 where the row lacks the pixel). A loop
 * that loads one row of weights (or of dZ1) uses it for four pixels' multiply-adds, where a
 * pixel at a time would use it for one. Neighbouring pixels light up together: 4 values a group
 * entry hold on average 2.7 non-zero pixels on MNIST (the kernel's pixel loops explain why the
 * zeros are harmless). About 2.2 bytes a non-zero pixel; with the compressed rows about 1.0
 * byte a pixel in all.
 *
 * <p>Each row has a sample weight, {@link #weight}: it scales the row's loss and gradient. Most
 * data has none, every row weighing 1, and then {@code weights} is null and costs nothing.
 */
public final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    public final int trainRows;
    public final int devRows;
    public final byte[] labels;
    public final int[] rowStart;
    public final short[] pixelIndex;
    public final byte[] pixelValue;
    public final int[] groupStart;
    public final int[] groupTrainEnd;
    public final short[] groupRow;
    public final byte[] groupValue;
    /** Row {@code r}'s sample weight, finite and 0 or more; null when every row weighs 1. */
    public final double[] weights;

    /** Neighbouring pixels a group of the pixel-major copy holds. */
    public static final int GROUP = 4;
    /** Groups of a digit: 196. */
    public static final int GROUPS = DigitShape.PIXELS / GROUP;
    /** The largest block: its rows' numbers must fit {@code groupRow}'s 16 bits. */
    public static final int MAX_ROWS = 1 << 16;

    public Block(int trainRows, int devRows, byte[] labels, int[] rowStart, short[] pixelIndex,
            byte[] pixelValue) {
        this(trainRows, devRows, labels, rowStart, pixelIndex, pixelValue, null);
    }

    /** @param weights each row's sample weight, or null when every row weighs 1 */
    public Block(int trainRows, int devRows, byte[] labels, int[] rowStart, short[] pixelIndex,
            byte[] pixelValue, double[] weights) {
        if (weights != null && weights.length != trainRows + devRows) {
            throw new IllegalArgumentException(weights.length + " weights for " + (trainRows + devRows) + " rows");
        }
        this.weights = weights;
        this.trainRows = trainRows;
        this.devRows = devRows;
        this.labels = labels;
        this.rowStart = rowStart;
        this.pixelIndex = pixelIndex;
        this.pixelValue = pixelValue;
        int rows = trainRows + devRows;
        if (rows > MAX_ROWS) {
            throw new IllegalArgumentException("a block holds at most " + MAX_ROWS + " rows: " + rows);
        }
        // Counting sort of the rows' groups by group; rows stay in order, so training rows come
        // first. A row's next pixel opens a new group about one time in three, in no pattern a
        // branch predictor learns: both passes count and place without a branch on it, which took
        // building a 10,000-digit block set from 17.3 to 10.4 ms (2-core AMD EPYC Zen 3, JDK 17)
        // and from 12.6-15.7 to 8.7-11.1 ms (3 runs each, alternating; Zen 5, AVX-512).
        groupStart = new int[GROUPS + 1];
        groupTrainEnd = new int[GROUPS];
        countGroups(rowStart, pixelIndex, 0, trainRows, groupTrainEnd, 0);
        countGroups(rowStart, pixelIndex, trainRows, rows, groupStart, 1);
        for (int g = 0; g < GROUPS; g++) {
            groupStart[g + 1] += groupStart[g] + groupTrainEnd[g];
            groupTrainEnd[g] += groupStart[g];
        }
        groupRow = new short[groupStart[GROUPS]];
        groupValue = new byte[GROUP * groupStart[GROUPS]];
        int[] next = Arrays.copyOf(groupStart, GROUPS);
        for (int r = 0; r < rows; r++) {
            int last = -1;
            for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
                int pixel = pixelIndex[i];
                int g = pixel / GROUP;
                // The entry of the group the row is in: a new one, unless the pixel before was in it too.
                int e = next[g] - (g == last ? 1 : 0);
                next[g] = e + 1;
                groupRow[e] = (short) r;
                groupValue[GROUP * e + pixel % GROUP] = pixelValue[i];
                last = g;
            }
        }
    }

    /**
     * Adds to {@code counts[g + offset]}, for each group g, how many of rows {@code [from, to)}
     * have a non-zero pixel in it.
     */
    private static void countGroups(int[] rowStart, short[] pixelIndex, int from, int to, int[] counts,
            int offset) {
        for (int r = from; r < to; r++) {
            int last = -1;
            for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
                int g = pixelIndex[i] / GROUP;
                counts[g + offset] += g != last ? 1 : 0;
                last = g;
            }
        }
    }

    public int rows() {
        return trainRows + devRows;
    }

    /** Packs dense rows (784 pixel bytes each), the first {@code trainRows} of them training rows. */
    public static Block pack(int trainRows, byte[] labels, byte[][] pixels) {
        return pack(trainRows, labels, pixels, null);
    }

    /**
     * {@link #pack(int, byte[], byte[][])} with the rows' sample weights, or null when every row
     * weighs 1 (weights that are all 1 are kept as null too, so such a block is the unweighted one).
     */
    public static Block pack(int trainRows, byte[] labels, byte[][] pixels, double[] weights) {
        Builder block = new Builder(labels.length);
        for (int r = 0; r < labels.length; r++) {
            block.add(labels[r], weights == null ? 1 : weights[r], pixels[r]);
        }
        return block.build(trainRows);
    }

    /** Collects a block's rows one at a time, from dense or {@link SparseRows} pixels. */
    public static final class Builder {
        private byte[] labels;
        private double[] weights;
        private int[] rowStart;
        private short[] index;
        private byte[] value;
        private int rows;
        private boolean weighted;

        /** @param expectedRows about how many rows will be added: a first size for the arrays */
        public Builder(int expectedRows) {
            int capacity = Math.max(expectedRows, 1);
            labels = new byte[capacity];
            weights = new double[capacity];
            rowStart = new int[capacity + 1];
            index = new short[capacity * 160];
            value = new byte[index.length];
        }

        /** Adds a row given as its 784 pixel bytes. */
        public Builder add(int label, double weight, byte[] pixels) {
            int n = startRow(label, weight, DigitShape.PIXELS);
            for (int p = 0; p < DigitShape.PIXELS; p++) {
                if (pixels[p] != 0) {
                    index[n] = (short) p;
                    value[n] = pixels[p];
                    n++;
                }
            }
            rowStart[rows] = n;
            return this;
        }

        /** Adds the row at {@code at} of {@code from}, with its label and weight. */
        public Builder add(SparseRows from, int at) {
            int count = from.nonZero(at);
            int n = startRow(from.label(at), from.weight(at), count);
            from.nonZeroPixels(at, index, value, n);
            rowStart[rows] = n + count;
            return this;
        }

        /** Opens row {@code rows} with room for {@code maxNonZero} pixels; returns where its pixels go. */
        private int startRow(int label, double weight, int maxNonZero) {
            if (rows == labels.length) {
                labels = Arrays.copyOf(labels, 2 * rows);
                weights = Arrays.copyOf(weights, 2 * rows);
                rowStart = Arrays.copyOf(rowStart, 2 * rows + 1);
            }
            int n = rowStart[rows];
            if (n + maxNonZero > index.length) {
                int size = Math.max(n + maxNonZero, 2 * index.length);
                index = Arrays.copyOf(index, size);
                value = Arrays.copyOf(value, size);
            }
            labels[rows] = (byte) label;
            weights[rows] = weight;
            weighted |= weight != 1;
            rows++;
            return n;
        }

        /** The block of the rows added, the first {@code trainRows} of them training rows. */
        public Block build(int trainRows) {
            int nonZero = rowStart[rows];
            return new Block(trainRows, rows - trainRows, Arrays.copyOf(labels, rows),
                    Arrays.copyOf(rowStart, rows + 1), Arrays.copyOf(index, nonZero),
                    Arrays.copyOf(value, nonZero), weighted ? Arrays.copyOf(weights, rows) : null);
        }
    }

    /** Row {@code r} as 784 dense pixel values 0..255, for reference kernels and inference. */
    public int[] densePixels(int r) {
        int[] dense = new int[DigitShape.PIXELS];
        for (int i = rowStart[r]; i < rowStart[r + 1]; i++) {
            dense[pixelIndex[i]] = pixelValue[i] & 0xFF;
        }
        return dense;
    }

    public int label(int r) {
        return labels[r];
    }

    /** Row {@code r}'s sample weight: what its loss and gradient are multiplied by. */
    public double weight(int r) {
        return weights == null ? 1 : weights[r];
    }
}
