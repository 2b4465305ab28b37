package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitnet.TestData;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeformationTest {
    private static final Deformation.Range ELASTIC = Deformation.Range.AFFINE.withElastic(8, 4);

    /** The first {@code n} bundled digits' pixels. */
    private static List<byte[]> digits(int n) {
        return TestData.lines().subList(1, 1 + n).stream().map(line -> {
            int[] fields = TestData.fields(line);
            byte[] pixels = new byte[DigitShape.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = (byte) fields[1 + p];
            }
            return pixels;
        }).toList();
    }

    private static long mass(byte[] pixels) {
        long sum = 0;
        for (byte v : pixels) {
            sum += v & 0xFF;
        }
        return sum;
    }

    @Test
    void theSameRowCopyAndSeedGiveTheSameBytesAndAnyOtherGivesOthers() {
        byte[] digit = digits(1).get(0);
        long hash = RowKey.contentHash(5, digit);
        for (Deformation.Range range : List.of(Deformation.Range.AFFINE, ELASTIC)) {
            byte[] copy = Deformation.of(range, hash, 1, 0).apply(digit);
            assertArrayEquals(copy, Deformation.of(range, hash, 1, 0).apply(digit.clone()));
            assertFalse(Arrays.equals(copy, Deformation.of(range, hash, 2, 0).apply(digit)), "another copy");
            assertFalse(Arrays.equals(copy, Deformation.of(range, hash, 1, 1).apply(digit)), "another seed");
            assertFalse(Arrays.equals(copy, Deformation.of(range, hash + 1, 1, 0).apply(digit)), "another row");
            assertFalse(Arrays.equals(copy, digit), "deformed at all");
        }
    }

    /**
     * Bytes fixed once and kept: a deformed copy must be the same on every JVM and CPU, so a
     * change of arithmetic or of the random draws that alters any byte shows here.
     */
    @Test
    void aDeformedCopyKeepsItsBytesAcrossVersions() {
        byte[] digit = digits(1).get(0);
        long hash = RowKey.contentHash(1, digit);
        assertEquals(0xac8faa7a2df1352eL, RowKey.contentHash(1, Deformation.of(Deformation.Range.AFFINE, hash, 3, 7).apply(digit)));
        assertEquals(0xfec4d54f85573f62L, RowKey.contentHash(1, Deformation.of(ELASTIC, hash, 3, 7).apply(digit)));
    }

    @Test
    void noDeformationLeavesEveryPixelAsItWas() {
        Deformation.Range none = new Deformation.Range(0, 0, 0, 0, 0, 0);
        SplittableRandom random = new SplittableRandom(1);
        for (byte[] digit : digits(50)) {
            assertArrayEquals(digit, Deformation.IDENTITY.apply(digit));
            assertArrayEquals(digit, Deformation.draw(none, random).apply(digit));
        }
    }

    @Test
    void aShiftOfWholePixelsMovesTheDigitExactly() {
        byte[] digit = digits(1).get(0);
        byte[] moved = Deformation.affine(0, 1, 0, 2, -1).apply(digit);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int from = x - 2 < 0 || y + 1 >= 28 ? 0 : digit[(y + 1) * 28 + x - 2] & 0xFF;
                assertEquals(from, moved[y * 28 + x] & 0xFF, "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void aQuarterTurnMovesEveryPixelToItsRotatedPlace() {
        byte[] digit = digits(1).get(0);
        byte[] turned = Deformation.affine(Math.PI / 2, 1, 0, 0, 0).apply(digit);
        // On the screen (y down), a quarter turn clockwise takes (x, y) to (27 − y, x).
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                assertEquals(digit[y * 28 + x] & 0xFF, turned[x * 28 + 27 - y] & 0xFF, "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void pixelsStayWithinZeroTo255WithoutWrappingAround() {
        byte[] white = new byte[DigitShape.PIXELS];
        Arrays.fill(white, (byte) 255);
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 200; i++) {
            byte[] out = Deformation.draw(ELASTIC, random).apply(white);
            // Sampling within the white image gives 255 (never 256 wrapped to 0); a pixel dark
            // enough to be near 0 can only be near the border, sampling outside.
            assertEquals(255, out[14 * 28 + 14] & 0xFF);
            for (int p = 0; p < out.length; p++) {
                int x = p % 28;
                int y = p / 28;
                boolean inner = x >= 8 && x < 20 && y >= 8 && y < 20;
                assertTrue(!inner || (out[p] & 0xFF) == 255, "inner pixel " + p + " is " + (out[p] & 0xFF));
            }
        }
    }

    private static long inked(byte[] pixels) {
        long n = 0;
        for (byte v : pixels) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    /** Ink and inked pixels, what the cache and the kernels cost, stay about the digit's own. */
    @Test
    void theInkAndTheInkedPixelsAreRoughlyConserved() {
        List<byte[]> digits = digits(200);
        for (Deformation.Range range : List.of(Deformation.Range.AFFINE, ELASTIC)) {
            double inks = 0;
            double inkedPixels = 0;
            for (int i = 0; i < digits.size(); i++) {
                byte[] digit = digits.get(i);
                byte[] copy = Deformation.of(range, RowKey.contentHash(0, digit), 1, i).apply(digit);
                double ink = (double) mass(copy) / mass(digit);
                // A scale of 0.9..1.1 changes the area by 0.81..1.21; resampling drops a little at the edges.
                assertTrue(ink > 0.7 && ink < 1.3, range + ": digit " + i + " keeps " + ink + " of its ink");
                inks += ink;
                inkedPixels += (double) inked(copy) / inked(digit);
            }
            double ink = inks / digits.size();
            assertTrue(ink > 0.93 && ink < 1.03, range + ": the mean ink ratio is " + ink);
            double pixels = inkedPixels / digits.size();
            assertTrue(pixels > 0.95 && pixels < 1.05, range + ": the mean inked pixels ratio is " + pixels);
        }
    }

    @Test
    void rangesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Deformation.Range(-1, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Deformation.Range(0, 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Deformation.Range(0, 0, 0, 0, 8, 0));
    }
}
