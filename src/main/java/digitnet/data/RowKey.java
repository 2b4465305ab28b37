package digitnet.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 64-bit keys computed from a row's content, never from its position: the dev split, the
 * block a row belongs to and its place inside the block all come from these, which is why the
 * model does not depend on the order of lines in the file or on how Spark partitions it.
 */
public final class RowKey {
    private RowKey() {}

    private static final long PRIME_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME_2 = 0xC2B2AE3D27D4EB4FL;
    /** Eight pixel bytes as one word, the first the lowest. */
    private static final VarHandle WORD = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** A hash of the label and the 784 pixel bytes (an xxHash64-style mix of 8-byte words). */
    public static long contentHash(int label, byte[] pixels) {
        long h = PRIME_1 ^ label;
        int i = 0;
        for (; i + 8 <= pixels.length; i += 8) {
            h = Long.rotateLeft(h ^ ((long) WORD.get(pixels, i) * PRIME_2), 31) * PRIME_1;
        }
        for (; i < pixels.length; i++) {
            h = Long.rotateLeft(h ^ ((pixels[i] & 0xFF) * PRIME_2), 11) * PRIME_1;
        }
        return mix(h ^ pixels.length);
    }

    /** The key that orders rows for the seeded dev split: a different random order per seed. */
    public static long devKey(long contentHash, long seed) {
        return mix(contentHash ^ mix(seed + PRIME_1));
    }

    /**
     * The seed of a row's deformed copy number {@code copy} (see {@link Deformation#of}): a
     * different deformation per row, copy and seed, and none of them the dev split's key.
     */
    public static long deformationKey(long contentHash, int copy, long seed) {
        return mix(mix(contentHash ^ mix(seed + PRIME_2)) + copy * PRIME_1);
    }

    /** The block a row belongs to, out of {@code blocks}. */
    public static int block(long contentHash, int blocks) {
        return (int) Long.remainderUnsigned(mix(contentHash + PRIME_2), blocks);
    }

    /** The splitmix64 finaliser: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
