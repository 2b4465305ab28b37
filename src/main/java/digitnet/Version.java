package digitnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** digitnet's own version, from the build: recorded in run.json and printed by {@code --version}. */
public final class Version {
    private Version() {}

    public static String digitnet() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/digitnet/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }
}
