package digitnet.report;

import static digitnet.nn.Layout.CLASSES;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * {@code confusion.png}: the confusion matrix as a heat map, a row per true digit (0 at the top)
 * and a column per predicted digit, each cell shaded by its count and showing it.
 * {@value #WIDTH}×{@value #HEIGHT} pixels.
 */
public final class ConfusionChart {
    public static final String FILE_NAME = "confusion.png";
    public static final int WIDTH = 640;
    public static final int HEIGHT = 600;

    private ConfusionChart() {}

    public static BufferedImage draw(Evaluation evaluation, String title) {
        long[][] confusion = evaluation.confusion();
        long max = 1;
        double[][] cells = new double[3][CLASSES * CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            for (int k = 0; k < CLASSES; k++) {
                int i = d * CLASSES + k;
                cells[0][i] = k;
                cells[1][i] = d;
                cells[2][i] = confusion[d][k];
                max = Math.max(max, confusion[d][k]);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("count", cells);

        Shade shade = new Shade(max);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(shade);
        XYPlot plot = new XYPlot(dataset, digitAxis("predicted digit"), digitAxis("true digit"), renderer);
        plot.getRangeAxis().setInverted(true);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, max >= 10_000 ? 11 : 14);
        for (int d = 0; d < CLASSES; d++) {
            for (int k = 0; k < CLASSES; k++) {
                XYTextAnnotation count = new XYTextAnnotation(Long.toString(confusion[d][k]), k, d);
                count.setFont(font);
                count.setPaint(shade.isDark(confusion[d][k]) ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(count);
            }
        }
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "%s: accuracy %.4f on %d digits",
                title, evaluation.accuracy(), evaluation.rows()), JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart.createBufferedImage(WIDTH, HEIGHT);
    }

    private static NumberAxis digitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-0.5, CLASSES - 0.5);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        axis.setLowerMargin(0);
        axis.setUpperMargin(0);
        return axis;
    }

    /**
     * White to dark blue by the square root of count/max: the diagonal holds most digits, and a
     * linear scale would leave the few mistakes, the cells worth seeing, near white.
     */
    private record Shade(long max) implements PaintScale {
        private static final Color LOW = Color.WHITE;
        private static final Color HIGH = new Color(8, 48, 107);

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public Paint getPaint(double count) {
            double t = intensity(count);
            return new Color(mix(LOW.getRed(), HIGH.getRed(), t), mix(LOW.getGreen(), HIGH.getGreen(), t),
                    mix(LOW.getBlue(), HIGH.getBlue(), t));
        }

        boolean isDark(double count) {
            return intensity(count) > 0.5;
        }

        private double intensity(double count) {
            return Math.sqrt(Math.max(0, Math.min(count, max)) / max);
        }

        private static int mix(int from, int to, double t) {
            return (int) Math.round(from + (to - from) * t);
        }
    }
}
