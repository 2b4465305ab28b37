package digitnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.api.Test;

/**
 * Rows as Spark holds them inside a query, read without Vector objects: a sparse and a dense
 * Vector of the same digit give its pixels, and the indices Spark's Vector would refuse are
 * named. (Reading through files, every layout and bad value: DataFormatsTest, BadFormatsTest.)
 */
class DigitParquetTest {
    private static final DigitParquet VECTORS = new DigitParquet(true, DigitParquet.Pixels.VECTOR);
    private static final DigitParquet ARRAYS = new DigitParquet(true, DigitParquet.Pixels.ARRAY);

    private static int[] digit() {
        Random random = new Random(3);
        int[] pixels = new int[DigitShape.PIXELS];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = random.nextInt(4) == 0 ? random.nextInt(256) : 0;
        }
        return pixels;
    }

    /** A row of label, Vector struct and file, as {@code DigitParquet.rows} selects it. */
    private static InternalRow vectorRow(double label, byte type, Integer size, int[] indices, double[] values) {
        InternalRow vector = new GenericInternalRow(new Object[] {type, size,
                indices == null ? null : UnsafeArrayData.fromPrimitiveArray(indices),
                UnsafeArrayData.fromPrimitiveArray(values)});
        return new GenericInternalRow(new Object[] {label, vector, null});
    }

    private static InternalRow sparse(int[] pixels) {
        int count = 0;
        for (int v : pixels) {
            count += v == 0 ? 0 : 1;
        }
        int[] indices = new int[count];
        double[] values = new double[count];
        for (int p = 0, i = 0; p < pixels.length; p++) {
            if (pixels[p] != 0) {
                indices[i] = p;
                values[i++] = pixels[p];
            }
        }
        return vectorRow(7, (byte) 0, DigitShape.PIXELS, indices, values);
    }

    private static double[] doubles(int[] pixels) {
        double[] values = new double[pixels.length];
        for (int p = 0; p < pixels.length; p++) {
            values[p] = pixels[p];
        }
        return values;
    }

    @Test
    void sparseAndDenseVectorsAndArraysReadAsTheSamePixels() {
        int[] pixels = digit();
        int[] fromSparse = new int[DigitShape.PIXELS];
        int[] fromDense = new int[DigitShape.PIXELS];
        int[] fromArray = new int[DigitShape.PIXELS];
        assertNull(VECTORS.problem(sparse(pixels), fromSparse));
        assertNull(VECTORS.problem(vectorRow(7, (byte) 1, null, null, doubles(pixels)), fromDense));
        Object[] boxed = new Object[DigitShape.PIXELS];
        for (int p = 0; p < boxed.length; p++) {
            boxed[p] = (double) pixels[p];
        }
        assertNull(ARRAYS.problem(new GenericInternalRow(new Object[] {7.0, new GenericArrayData(boxed), null}),
                fromArray));
        assertArrayEquals(pixels, fromSparse);
        assertArrayEquals(pixels, fromDense);
        assertArrayEquals(pixels, fromArray);
    }

    @Test
    void aSparseVectorOfTheWrongSizeOrWithBadIndicesIsNamed() {
        double[] two = {1, 2};
        int[] values = new int[DigitShape.PIXELS];
        assertEquals("column features has 900 values, expected 784",
                VECTORS.problem(vectorRow(1, (byte) 0, 900, new int[] {3, 5}, two), values));
        assertEquals("column features has 3 values, expected 784",
                VECTORS.problem(vectorRow(1, (byte) 1, null, null, new double[3]), values));
        assertEquals("column features: a sparse Vector of 3 indices but 2 values",
                VECTORS.problem(vectorRow(1, (byte) 0, 784, new int[] {3, 5, 6}, two), values));
        assertEquals("column features: index 784 is outside 0..783",
                VECTORS.problem(vectorRow(1, (byte) 0, 784, new int[] {3, 784}, two), values));
        assertEquals("column features: index -1 is outside 0..783",
                VECTORS.problem(vectorRow(1, (byte) 0, 784, new int[] {-1, 4}, two), values));
        assertEquals("column features: index 5 follows 5; a sparse Vector's indices rise",
                VECTORS.problem(vectorRow(1, (byte) 0, 784, new int[] {5, 5}, two), values));
        assertEquals("column features: value 300.0 at index 9 is outside 0..255",
                VECTORS.problem(vectorRow(1, (byte) 0, 784, new int[] {2, 9}, new double[] {1, 300}), values));
        assertEquals("label 12.0 is not one of the digits 0..9",
                VECTORS.problem(vectorRow(12, (byte) 0, 784, new int[] {2}, new double[] {1}), values));
    }
}
