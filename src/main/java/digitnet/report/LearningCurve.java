package digitnet.report;

import digitnet.UserError;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * {@code learning-curve.png}: the loss (left axis) and the train and dev accuracy (right axis)
 * against the iteration, drawn from a run's {@code metrics.csv} so that the picture always
 * shows what the file says. {@value #WIDTH}×{@value #HEIGHT} pixels.
 */
public final class LearningCurve {
    public static final String FILE_NAME = "learning-curve.png";
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;
    static final Color LOSS_COLOR = new Color(200, 60, 40);
    static final Color TRAIN_COLOR = new Color(40, 90, 180);
    static final Color DEV_COLOR = new Color(40, 150, 70);

    private LearningCurve() {}

    /** Reads {@code metricsCsv} (columns found by name in its header) and draws it. */
    public static BufferedImage draw(Path metricsCsv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(metricsCsv + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty()) {
            throw new UserError(metricsCsv + ": empty file; expected a header line");
        }
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        XYSeries loss = new XYSeries("loss (left axis)");
        XYSeries train = new XYSeries("train accuracy");
        XYSeries dev = new XYSeries("dev accuracy");
        int iteration = column(header, "iteration", metricsCsv);
        int[] columns = {column(header, "loss", metricsCsv), column(header, "train_accuracy", metricsCsv),
            column(header, "dev_accuracy", metricsCsv)};
        XYSeries[] series = {loss, train, dev};
        for (int n = 1; n < lines.size(); n++) {
            String[] fields = lines.get(n).split(",", -1);
            try {
                double x = Double.parseDouble(fields[iteration]);
                for (int s = 0; s < series.length; s++) {
                    if (!fields[columns[s]].isEmpty()) {
                        series[s].add(x, Double.parseDouble(fields[columns[s]]));
                    }
                }
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw new UserError(metricsCsv + " line " + (n + 1) + ": not a row of numbers under " + lines.get(0));
            }
        }
        return chart(loss, train, dev).createBufferedImage(WIDTH, HEIGHT);
    }

    private static JFreeChart chart(XYSeries loss, XYSeries train, XYSeries dev) {
        NumberAxis iterations = new NumberAxis("iteration");
        iterations.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis lossAxis = new NumberAxis("loss (mean cross-entropy)");
        lossAxis.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(new XYSeriesCollection(loss), iterations, lossAxis, line(LOSS_COLOR));

        NumberAxis accuracyAxis = new NumberAxis("accuracy");
        accuracyAxis.setRange(0, 1);
        XYSeriesCollection accuracies = new XYSeriesCollection(train);
        if (!dev.isEmpty()) {
            accuracies.addSeries(dev);
        }
        plot.setRangeAxis(1, accuracyAxis);
        plot.setDataset(1, accuracies);
        plot.mapDatasetToRangeAxis(1, 1);
        XYLineAndShapeRenderer accuracyLines = line(TRAIN_COLOR);
        accuracyLines.setSeriesPaint(1, DEV_COLOR);
        plot.setRenderer(1, accuracyLines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

        JFreeChart chart = new JFreeChart("Learning curve", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYLineAndShapeRenderer line(Color color) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, color);
        renderer.setDefaultStroke(new BasicStroke(2f));
        renderer.setAutoPopulateSeriesStroke(false);
        return renderer;
    }

    private static int column(List<String> header, String name, Path file) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new UserError(file + " line 1: no column '" + name + "' in " + String.join(",", header));
        }
        return index;
    }
}
