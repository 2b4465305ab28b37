package digitnet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** digitnet's own version (from the build) and the Spark version it was built against. */
public final class Versions implements IVersionProvider {

    public static String digitnet() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/digitnet/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"digitnet " + digitnet() + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
    }
}
