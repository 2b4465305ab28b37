package digitnet.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A small random deformation of a digit, the kind that turns MNIST into the endless deformed
 * copies of infimnist and mnist8m (Loosli, Canu and Bottou 2007) and that Simard, Steinkraus and
 * Platt (2003) trained on: an affine map (rotation, scale, shear and shift about the image's
 * centre), optionally with an elastic distortion, resampled bilinearly and rounded to bytes.
 *
 * <p>A pixel of the copy is inked only where nearest-neighbour resampling would ink it: bilinear
 * values alone would spread a faint halo around every stroke, a third more non-zero pixels,
 * where this keeps about as many as the digit has (and about 96% of its ink), so a copy costs
 * the cache and the kernels what its digit does.
 *
 * <p>A deformed copy depends on nothing but the digit, the {@link Range}, and the row's content
 * hash, copy number and seed ({@link #of}), and it is the same bytes on every JVM and CPU: Java's
 * double arithmetic is IEEE 754's to the bit (JEP 306), the only transcendental functions come
 * from {@link StrictMath}, and the random parameters from {@link SplittableRandom}'s fixed
 * algorithm.
 */
public final class Deformation {
    private static final int SIDE = 28;
    /** The image's centre, between pixels 13 and 14 (pixel centres sit on the integers 0..27). */
    private static final double CENTRE = (SIDE - 1) / 2.0;

    /**
     * The ranges deformations are drawn from, each parameter uniformly within its range.
     *
     * @param degrees      rotation within ±degrees
     * @param scale        scale factor within 1 ± scale
     * @param shear        horizontal shear factor within ±shear
     * @param shift        shift within ±shift pixels, horizontally and vertically
     * @param elasticAlpha Simard's α: the elastic displacement field's scale in pixels; 0 for none
     * @param elasticSigma Simard's σ: the width in pixels of the Gaussian that smooths the field
     */
    public record Range(double degrees, double scale, double shear, double shift, double elasticAlpha,
            double elasticSigma) implements Serializable {
        /** Affine maps about infimnist's and mnist8m's size: ±12°, scale 0.9–1.1, shear ±0.15, ±2 pixels. */
        public static final Range AFFINE = new Range(12, 0.1, 0.15, 2, 0, 0);
        /** {@link #AFFINE} with Simard's elastic distortion at the strength and smoothness he found best: α 34, σ 4. */
        public static final Range ELASTIC = AFFINE.withElastic(34, 4);

        public Range {
            if (!(degrees >= 0 && scale >= 0 && scale < 1 && shear >= 0 && shift >= 0 && elasticAlpha >= 0)
                    || elasticAlpha > 0 && !(elasticSigma > 0)) {
                throw new IllegalArgumentException("deformation ranges must be non-negative, scale below 1 and"
                        + " elasticSigma positive with an elastic distortion: " + this);
            }
        }

        /** These affine ranges with Simard's elastic distortion of strength α and smoothness σ added. */
        public Range withElastic(double alpha, double sigma) {
            return new Range(degrees, scale, shear, shift, alpha, sigma);
        }
    }

    /** The map that leaves every pixel where it is. */
    public static final Deformation IDENTITY = affine(0, 1, 0, 0, 0);

    // The map from an output pixel back to where it samples the input:
    // source = CENTRE + inverse · (output + displacement(output) − CENTRE − shift).
    private final double inverseXX;
    private final double inverseXY;
    private final double inverseYX;
    private final double inverseYY;
    private final double shiftX;
    private final double shiftY;
    /** The elastic displacement of each output pixel, x and y; null without one. */
    private final double[] displacementX;
    private final double[] displacementY;

    private Deformation(double[] forward, double shiftX, double shiftY, double[] displacementX,
            double[] displacementY) {
        double determinant = forward[0] * forward[3] - forward[1] * forward[2];
        this.inverseXX = forward[3] / determinant;
        this.inverseXY = -forward[1] / determinant;
        this.inverseYX = -forward[2] / determinant;
        this.inverseYY = forward[0] / determinant;
        this.shiftX = shiftX;
        this.shiftY = shiftY;
        this.displacementX = displacementX;
        this.displacementY = displacementY;
    }

    /**
     * The affine map that shears x by {@code shear}·y, scales by {@code scale}, rotates by
     * {@code radians} (clockwise on the screen, whose y axis points down) about the image's centre,
     * then shifts by ({@code shiftX}, {@code shiftY}) pixels.
     */
    public static Deformation affine(double radians, double scale, double shear, double shiftX, double shiftY) {
        return new Deformation(forward(radians, scale, shear), shiftX, shiftY, null, null);
    }

    /**
     * Copy {@code copy} of the row with content hash {@code contentHash} under training seed
     * {@code seed}: a deformation drawn from {@code range} with a generator seeded by the three.
     */
    public static Deformation of(Range range, long contentHash, int copy, long seed) {
        return draw(range, new SplittableRandom(RowKey.deformationKey(contentHash, copy, seed)));
    }

    /**
     * A deformation drawn from {@code range}: rotation, scale, shear, shift x, shift y, then (with
     * an elastic distortion) the field's x and y components pixel by pixel, in that order.
     */
    public static Deformation draw(Range range, SplittableRandom random) {
        double radians = StrictMath.toRadians(range.degrees()) * symmetric(random);
        double scale = 1 + range.scale() * symmetric(random);
        double shear = range.shear() * symmetric(random);
        double shiftX = range.shift() * symmetric(random);
        double shiftY = range.shift() * symmetric(random);
        double[] forward = forward(radians, scale, shear);
        if (range.elasticAlpha() == 0) {
            return new Deformation(forward, shiftX, shiftY, null, null);
        }
        double[] x = elasticField(random, range.elasticAlpha(), range.elasticSigma());
        double[] y = elasticField(random, range.elasticAlpha(), range.elasticSigma());
        return new Deformation(forward, shiftX, shiftY, x, y);
    }

    /** The deformed digit: 784 pixel bytes (0..255, row by row) in, 784 out. */
    public byte[] apply(byte[] pixels) {
        byte[] out = new byte[DigitShape.PIXELS];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int p = y * SIDE + x;
                double dx = x - CENTRE - shiftX;
                double dy = y - CENTRE - shiftY;
                if (displacementX != null) {
                    dx += displacementX[p];
                    dy += displacementY[p];
                }
                double sourceX = CENTRE + inverseXX * dx + inverseXY * dy;
                double sourceY = CENTRE + inverseYX * dx + inverseYY * dy;
                boolean inked = pixel(pixels, (int) Math.floor(sourceX + 0.5), (int) Math.floor(sourceY + 0.5)) != 0;
                out[p] = inked ? (byte) Math.round(bilinear(pixels, sourceX, sourceY)) : 0;
            }
        }
        return out;
    }

    /**
     * The image at a point between pixels, from the four around it (outside the image: 0). The
     * weights are 1 − f and f along each axis, so an integer point gives its pixel exactly and
     * no point gives more than the brightest of its four pixels, nor less than 0.
     */
    private static double bilinear(byte[] pixels, double x, double y) {
        double left = Math.floor(x);
        double top = Math.floor(y);
        double fx = x - left;
        double fy = y - top;
        int x0 = (int) left;
        int y0 = (int) top;
        double upper = (1 - fx) * pixel(pixels, x0, y0) + fx * pixel(pixels, x0 + 1, y0);
        double lower = (1 - fx) * pixel(pixels, x0, y0 + 1) + fx * pixel(pixels, x0 + 1, y0 + 1);
        return (1 - fy) * upper + fy * lower;
    }

    private static int pixel(byte[] pixels, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0 : pixels[y * SIDE + x] & 0xFF;
    }

    /** Rotation · scale · shear, row-major [xx, xy, yx, yy]. */
    private static double[] forward(double radians, double scale, double shear) {
        double cos = StrictMath.cos(radians);
        double sin = StrictMath.sin(radians);
        // [cos −sin; sin cos] · scale · [1 shear; 0 1]
        return new double[] {scale * cos, scale * (cos * shear - sin), scale * sin, scale * (sin * shear + cos)};
    }

    /** Uniform in [−1, 1). */
    private static double symmetric(SplittableRandom random) {
        return 2 * random.nextDouble() - 1;
    }

    /**
     * Simard's elastic field, one component: a uniform value in [−1, 1) at every pixel, smoothed
     * by a Gaussian of width σ (zero beyond the image) and scaled by α.
     */
    private static double[] elasticField(SplittableRandom random, double alpha, double sigma) {
        double[] field = new double[DigitShape.PIXELS];
        for (int p = 0; p < field.length; p++) {
            field[p] = symmetric(random);
        }
        double[] kernel = gaussian(sigma);
        double[] smooth = convolve(convolve(field, kernel, 1), kernel, SIDE);
        for (int p = 0; p < smooth.length; p++) {
            smooth[p] *= alpha;
        }
        return smooth;
    }

    /** Gaussian weights at −r..r for r = ⌈3σ⌉, summing to 1. */
    private static double[] gaussian(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = StrictMath.exp(-(k * k) / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= sum;
        }
        return kernel;
    }

    /**
     * The image convolved along one axis: {@code stride} 1 along rows, {@code SIDE} along
     * columns; pixels beyond the edge count as 0.
     */
    private static double[] convolve(double[] image, double[] kernel, int stride) {
        int radius = kernel.length / 2;
        double[] out = new double[image.length];
        for (int p = 0; p < image.length; p++) {
            int along = stride == 1 ? p % SIDE : p / SIDE;
            double sum = 0;
            for (int k = -radius; k <= radius; k++) {
                int at = along + k;
                if (at >= 0 && at < SIDE) {
                    sum += kernel[k + radius] * image[p + k * stride];
                }
            }
            out[p] = sum;
        }
        return out;
    }
}
