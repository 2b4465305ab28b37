package digitnet.report;

import digitnet.UserError;
import digitnet.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.imageio.ImageIO;

/**
 * Draws a picture and writes it as PNG through {@code javax.imageio}. The picture is drawn and
 * encoded in memory first, so a failure while drawing leaves no file behind, and the file is
 * then written atomically.
 */
public final class Png {
    private Png() {}

    /**
     * Runs {@code draw} and encodes its image. Java draws text with the system's fonts; on a
     * machine without any (some minimal server images) that fails deep inside AWT, which
     * becomes one error naming the picture and the fix.
     */
    public static byte[] render(String name, Supplier<BufferedImage> draw) {
        BufferedImage image;
        try {
            image = draw.get();
        } catch (UserError | VirtualMachineError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new UserError("cannot draw " + name + ": " + e
                    + " (Java draws text with the system's fonts: install fontconfig and a font"
                    + " such as DejaVu)");
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    /** Writes encoded PNG bytes to {@code target}, atomically. */
    public static void write(Path target, byte[] png) {
        AtomicFiles.write(target, out -> out.write(png));
    }
}
