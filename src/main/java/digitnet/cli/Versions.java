package digitnet.cli;

import digitnet.Version;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: digitnet's version and the Spark version it was built against. */
public final class Versions implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"digitnet " + Version.digitnet() + " (Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ")"};
    }
}
