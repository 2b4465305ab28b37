package digitnet.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An n-dimensional array of doubles in row-major (C) order: the in-memory form of one NumPy
 * array in a {@code .npz} file.
 *
 * <p>The shape is copied, so it cannot change under the array. The data is <em>not</em> copied:
 * weight matrices are large, so the array takes over the caller's {@code double[]}.
 *
 * <p>Equality compares shape and data element by element (NaN equals NaN, as in
 * {@link Arrays#equals(double[], double[])}), unlike the identity comparison a record with array
 * components would otherwise get.
 *
 * @param shape the size of each dimension; {@code {}} for a scalar
 * @param data the elements, last index varying fastest; length is the product of {@code shape}
 */
public record NdArray(int[] shape, double[] data) {

    public NdArray {
        shape = shape.clone();
        long size = 1;
        for (int dimension : shape) {
            if (dimension < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeText(shape));
            }
            size *= dimension;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + shapeText(shape) + " is too large for a Java array");
            }
        }
        if (data.length != size) {
            throw new IllegalArgumentException(
                    "shape " + shapeText(shape) + " needs " + size + " elements, got " + data.length);
        }
    }

    /** A 2-D array of {@code rows × cols} elements. */
    public static NdArray of(int rows, int cols, double[] data) {
        return new NdArray(new int[] {rows, cols}, data);
    }

    /** A copy of the shape, so callers cannot change it. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of rows of a 2-D array. */
    public int rows() {
        requireMatrix();
        return shape[0];
    }

    /** The number of columns of a 2-D array. */
    public int cols() {
        requireMatrix();
        return shape[1];
    }

    /** The shape written as Python writes a tuple: {@code (10, 784)}, {@code (10,)}, {@code ()}. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** Formats {@code shape} as Python writes a tuple; used in messages and in .npy headers. */
    public static String shapeText(int... shape) {
        return tupleText(Arrays.stream(shape).asLongStream().toArray());
    }

    /** Like {@link #shapeText(int...)}, for dimensions read from a file that may not fit an int. */
    static String tupleText(long[] dimensions) {
        if (dimensions.length == 1) {
            return "(" + dimensions[0] + ",)";
        }
        return Arrays.stream(dimensions).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray that
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** Shape only: printing a 784-column weight matrix helps no one. */
    @Override
    public String toString() {
        return "NdArray" + shapeText();
    }

    private void requireMatrix() {
        if (shape.length != 2) {
            throw new IllegalStateException("array of shape " + shapeText() + " is not 2-D");
        }
    }
}
