package digitnet.io;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code far:}, which digitnet cannot tell from HDFS: paths on
 * it take the way of every file system that is not the local one (a temporary file renamed
 * through {@code FileContext}, reads from a local copy). {@code far:/tmp/x} is the local
 * {@code /tmp/x}. {@link #register} makes a Hadoop configuration know the scheme.
 */
public final class FarFileSystem extends RawLocalFileSystem {
    public static final String SCHEME = "far";

    /** Makes {@code conf} resolve {@code far:} paths, through FileSystem and FileContext alike. */
    public static void register(Configuration conf) {
        conf.set("fs." + SCHEME + ".impl", FarFileSystem.class.getName());
        conf.set("fs.AbstractFileSystem." + SCHEME + ".impl", Context.class.getName());
    }

    /** {@code path}, a local absolute path, on this file system. */
    public static String far(java.nio.file.Path path) {
        return SCHEME + ":" + path.toAbsolutePath();
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /** The file system as FileContext sees it, which is what renames a file over another. */
    public static final class Context extends DelegateToFileSystem {
        public Context(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new FarFileSystem(), conf, SCHEME, false);
        }
    }
}
