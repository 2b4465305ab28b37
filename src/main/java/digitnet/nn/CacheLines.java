package digitnet.nn;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Where a cache line begins in a {@code double[]}: the pixel loops stream each row's Z1 (and then
 * dZ1) through whole vectors, and a vector that straddles two 64-byte lines costs two loads, or
 * two stores. An AVX-512 vector is a whole line, so unless the row starts on a line every one of
 * them straddles; the JVM places a {@code double[]}'s first element only on an 8-byte boundary.
 * Started on a line, the pixel loops of a 10,000-digit pass at hidden 128 took 9.6 + 7.2 ms
 * against 13.0 + 9.9 (forward + backward, one thread, the same array at its 8 offsets in one JVM;
 * idle 2-core AMD EPYC Zen 5, AVX-512, JDK 17), and which of the two a run got was the luck of
 * where its array landed: the spread of a run's kernel time from one JVM to the next.
 *
 * <p>The JVM has no API for an object's address, so it is read with {@code sun.misc.Unsafe} (as
 * Spark itself reads memory): the reference to the array, decoded as the JVM stores it (a 32-bit
 * compressed reference shifted by the object alignment, or the address itself). Only speed
 * depends on it: the loops take any offset and give the same bits, so when the JVM does not say,
 * or the array moves in a garbage collection, the rows merely straddle lines as before. (From JDK
 * 24 the JVM warns once at the first such read; in a Spark process that is Spark's own, earlier.)
 */
final class CacheLines {
    static final int LINE_BYTES = 64;
    /** Doubles an array needs beyond its rows so that a line-aligned start always fits. */
    static final int SLACK = LINE_BYTES / Double.BYTES;

    private static final Unsafe UNSAFE = unsafe();
    private static final boolean COMPRESSED = UNSAFE != null && UNSAFE.arrayIndexScale(Object[].class) == 4;
    /** How far a compressed reference is shifted; -1 when addresses are not known. */
    private static final int SHIFT = referenceShift();

    private CacheLines() {}

    /** The index in {@code [0, SLACK)} of {@code array}'s first element that begins a cache line, or 0 if unknown. */
    static int firstAligned(double[] array) {
        if (!known()) {
            return 0;
        }
        long first = address(array) + Unsafe.ARRAY_DOUBLE_BASE_OFFSET;
        return (int) (Math.floorMod(-first, LINE_BYTES) / Double.BYTES);
    }

    /**
     * The address of {@code o}, modulo the heap's base when references are compressed (the heap
     * starts on a boundary far coarser than a line, so the base never changes the alignment).
     */
    static long address(Object o) {
        Object[] holder = {o};
        return COMPRESSED
                ? Integer.toUnsignedLong(UNSAFE.getInt(holder, (long) Unsafe.ARRAY_OBJECT_BASE_OFFSET)) << SHIFT
                : UNSAFE.getLong(holder, (long) Unsafe.ARRAY_OBJECT_BASE_OFFSET);
    }

    /** Whether the JVM lets {@link #address} be read. */
    static boolean known() {
        return SHIFT >= 0;
    }

    /**
     * How far a compressed reference is shifted: not at all when the heap lies below 4 GB of
     * address space (then references are addresses, all multiples of the 8-byte object
     * alignment), else by the object alignment's bits; 0 for uncompressed references; -1 when the
     * JVM does not say its alignment or refuses {@code Unsafe}'s reads (as a later JDK may).
     */
    private static int referenceShift() {
        if (UNSAFE == null) {
            return -1;
        }
        try {
            Object[] holder = {new Object()};
            if (!COMPRESSED) {
                UNSAFE.getLong(holder, (long) Unsafe.ARRAY_OBJECT_BASE_OFFSET);
                return 0;
            }
            int alignment = Integer.parseInt(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("ObjectAlignmentInBytes").getValue());
            for (int i = 0; i < 64; i++) {
                holder[0] = new Object();
                if (UNSAFE.getInt(holder, (long) Unsafe.ARRAY_OBJECT_BASE_OFFSET) % alignment != 0) {
                    return Integer.numberOfTrailingZeros(alignment);
                }
            }
            return 0;
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    private static Unsafe unsafe() {
        try {
            Field field = Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            return (Unsafe) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
