package digitnet.report;

import digitnet.data.Digit;
import digitnet.model.Prediction;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The picture {@code show} writes: digits enlarged {@value #SCALE}× (dark ink on white, as written),
 * {@value #COLUMNS} to a row, each captioned with the network's answer and its confidence, its
 * ImageId and, when known, its true label; wrong answers are framed and captioned in red.
 *
 * <p>Each digit takes a {@value #TILE_WIDTH}×{@value #TILE_HEIGHT} pixel tile, so n digits make
 * a sheet of {@code min(n, 10)·120} × {@code ceil(n / 10)·150} pixels.
 */
public final class DigitSheet {
    public static final int SCALE = 4;
    public static final int COLUMNS = 10;
    public static final int TILE_WIDTH = 120;
    public static final int TILE_HEIGHT = 150;
    /** A sheet larger than this many digits would be too big to look at. */
    public static final int MAX_DIGITS = 400;

    private static final int SIDE = 28;
    private static final int MARGIN = (TILE_WIDTH - SIDE * SCALE) / 2;
    private static final Color WRONG = new Color(200, 30, 30);

    private DigitSheet() {}

    public static int width(int digits) {
        return Math.min(digits, COLUMNS) * TILE_WIDTH;
    }

    public static int height(int digits) {
        return (digits + COLUMNS - 1) / COLUMNS * TILE_HEIGHT;
    }

    /** The two caption lines of a digit: its answer and confidence, then its ImageId and true label. */
    public static List<String> caption(Prediction p) {
        String answer = String.format(Locale.ROOT, "%d  (%.1f%%)", p.predicted(), 100 * p.confidence());
        String which = "#" + p.imageId() + (p.isLabelled() ? "  true " + p.label() : "");
        return List.of(answer, which);
    }

    /** Draws {@code predictions} in order; {@code digits} holds each one's pixels by ImageId. */
    public static BufferedImage draw(List<Prediction> predictions, Map<Long, Digit> digits) {
        int n = predictions.size();
        BufferedImage sheet = new BufferedImage(width(n), height(n), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            Font answerFont = new Font(Font.SANS_SERIF, Font.BOLD, 14);
            Font detailFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            for (int i = 0; i < n; i++) {
                Prediction p = predictions.get(i);
                int left = i % COLUMNS * TILE_WIDTH;
                int top = i / COLUMNS * TILE_HEIGHT;
                drawDigit(g, digits.get(p.imageId()).pixels(), left + MARGIN, top + MARGIN);
                boolean wrong = p.isLabelled() && !p.isCorrect();
                if (wrong) {
                    g.setColor(WRONG);
                    g.setStroke(new BasicStroke(3f));
                    g.drawRect(left + 2, top + 2, TILE_WIDTH - 5, TILE_HEIGHT - 5);
                }
                List<String> caption = caption(p);
                g.setColor(wrong ? WRONG : Color.BLACK);
                g.setFont(answerFont);
                g.drawString(caption.get(0), left + MARGIN, top + MARGIN + SIDE * SCALE + 16);
                g.setFont(detailFont);
                g.setColor(wrong ? WRONG : Color.DARK_GRAY);
                g.drawString(caption.get(1), left + MARGIN, top + MARGIN + SIDE * SCALE + 31);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Each pixel as a SCALE×SCALE square, 0 white and 255 black. */
    private static void drawDigit(Graphics2D g, byte[] pixels, int x, int y) {
        for (int p = 0; p < pixels.length; p++) {
            int ink = 255 - (pixels[p] & 0xFF);
            g.setColor(new Color(ink, ink, ink));
            g.fillRect(x + p % SIDE * SCALE, y + p / SIDE * SCALE, SCALE, SCALE);
        }
    }
}
