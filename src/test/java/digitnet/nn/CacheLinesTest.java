package digitnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import sun.misc.Unsafe;

class CacheLinesTest {

    /** Without the addresses the pixel loops still give the same bits, only slower: this says when they are lost. */
    @Test
    void theJvmsAddressesAreKnown() {
        assertTrue(CacheLines.known(), "sun.misc.Unsafe or the object alignment not readable on this JVM");
    }

    /**
     * Arrays allocated one after the other lie one after the other (a thread allocates by bumping a
     * pointer): their decoded addresses must be an array's size apart, or the decoding, and with it
     * every alignment, is wrong.
     */
    @Test
    void addressesAreDecodedAsTheJvmLaysOutObjects() {
        long size = Unsafe.ARRAY_DOUBLE_BASE_OFFSET + 5L * Double.BYTES;
        long expected = (size + 7) / 8 * 8;
        int apart = 0;
        for (int i = 0; i < 100; i++) {
            double[] first = new double[5];
            double[] second = new double[3];
            if (CacheLines.address(second) - CacheLines.address(first) == expected) {
                apart++;
            }
        }
        assertTrue(apart >= 90, apart + " of 100 pairs " + expected + " bytes apart");
    }

    @Test
    void theFirstAlignedIndexBeginsALine() {
        for (int n = 1; n < 40; n++) {
            double[] array = new double[n + CacheLines.SLACK];
            int at = CacheLines.firstAligned(array);
            assertTrue(at >= 0 && at < CacheLines.SLACK, "index " + at);
            assertEquals(0, (CacheLines.address(array) + Unsafe.ARRAY_DOUBLE_BASE_OFFSET + (long) at * Double.BYTES)
                    % CacheLines.LINE_BYTES);
        }
    }
}
