package digitnet.data;

import java.io.Serializable;

/**
 * Training rows that also train as deformed copies of themselves, the way Kaggle's best plain
 * networks and Simard, Steinkraus and Platt (2003) enlarge MNIST: each training row is followed
 * in its block by {@code copies} deformations of it ({@link Deformation#of}, drawn from the
 * row's content hash, the copy number 1..copies and the seed). The copies are made on the
 * executors when the blocks are packed and cached with them; no file is written, and the
 * blocks stay a function of the rows, the seed and the settings, the same whatever the
 * partitions, the row order or the cluster. Dev rows are never copied: they measure the model
 * on digits as they are.
 *
 * @param copies deformed copies of each training row; 0 for none
 * @param range  the deformations' ranges
 * @param seed   the run's seed, which the copies are drawn with
 */
public record Augmentation(int copies, Deformation.Range range, long seed) implements Serializable {
    /** No copies: every row trains once, as itself. */
    public static final Augmentation NONE = new Augmentation(0, Deformation.Range.AFFINE, 0);
    /**
     * The most copies a row may have. A block's rows must fit {@link Block#MAX_ROWS}, and a block
     * holds about {@code ROWS_PER_BLOCK} rows with their copies, so this leaves a wide margin.
     */
    public static final int MAX_COPIES = 100;

    public Augmentation {
        if (copies < 0 || copies > MAX_COPIES) {
            throw new IllegalArgumentException("copies must be 0.." + MAX_COPIES + ", not " + copies);
        }
    }

    /** {@code copies} copies under infimnist's affine maps, with Simard's elastic distortion if {@code elastic}. */
    public static Augmentation of(int copies, boolean elastic, long seed) {
        return new Augmentation(copies, elastic ? Deformation.Range.ELASTIC : Deformation.Range.AFFINE, seed);
    }

    /** Rows that train per training row read: the row and its copies. */
    public int factor() {
        return copies + 1;
    }

    /**
     * Copy {@code copy} (1..copies) of a row, given by its content hash and its pixels: deformed
     * pixels, drawn from the hash, the copy number and the seed. The copy takes its original's
     * label and weight and is packed right after it; the hash placed the original alone (its
     * block, the dev split).
     */
    byte[] copy(long contentHash, byte[] pixels, int copy) {
        return Deformation.of(range, contentHash, copy, seed).apply(pixels);
    }
}
