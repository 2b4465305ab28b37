package digitnet.cli;

import digitnet.UserError;
import digitnet.train.Checkpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The default values of {@code train}'s options, the one place that decides them: from
 * {@code conf/digitnet.properties} (built into the jar), then from the file named by
 * {@code --conf}, then, for {@code --resume DIR}, from the settings and the data recorded in
 * DIR's checkpoint; keyed by an option's long name without dashes. Flags override all three.
 * The data, when none of them names it, is {@value #DATA_VARIABLE} (which
 * {@code scripts/run-local.sh} sets to the data of this checkout).
 *
 * <p>Only {@code train} takes these defaults: a key means the {@code train} flag of its name and
 * no other command's ({@code seed} is not {@code show --seed}), and a key that names no
 * {@code train} setting is an error rather than a silent no-op.
 *
 * <p>Picocli asks for defaults once it has read the command line, so {@code --conf} and
 * {@code --resume} come from the parsed command, and each file is read once, on first need.
 * A file that cannot be used is not reported from here, in the middle of picocli's parsing, but
 * by {@link #load()} when the command runs.
 */
final class Defaults implements IDefaultValueProvider {
    static final String BUILT_IN = "/digitnet/digitnet.properties";
    static final String DATA_VARIABLE = "DIGITNET_DATA";
    /** Options that steer the command line itself, not settings a file could give. */
    private static final Set<String> NOT_SETTINGS = Set.of("conf", "resume", "force", "help", "version");

    /** The settings and, when resuming, the checkpoint they were read with. */
    record Loaded(Properties values, Checkpoint resumed) {}

    private final CommandSpec command;
    private final Supplier<Path> confFile;
    private final Supplier<Path> resumeDir;
    private final Map<String, String> environment;
    private Loaded loaded;
    private UserError failure;

    /**
     * @param command     the {@code train} command, whose option names are the valid keys
     * @param confFile    the parsed {@code --conf}, or null
     * @param resumeDir   the parsed {@code --resume}, or null
     * @param environment where {@value #DATA_VARIABLE} is looked up
     */
    Defaults(CommandSpec command, Supplier<Path> confFile, Supplier<Path> resumeDir, Map<String, String> environment) {
        this.command = command;
        this.confFile = confFile;
        this.resumeDir = resumeDir;
        this.environment = environment;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        try {
            return load().values().getProperty(key(option));
        } catch (UserError e) {
            return null; // load() throws it again when the command runs
        }
    }

    /**
     * The layered settings, read on the first call; the checkpoint of {@code --resume}, read in
     * full once, is the one the run continues from.
     *
     * @throws UserError naming the file when a settings file or the checkpoint cannot be used
     */
    Loaded load() {
        if (failure != null) {
            throw failure;
        }
        if (loaded == null) {
            try {
                loaded = read();
            } catch (UserError e) {
                failure = e;
                throw e;
            }
        }
        return loaded;
    }

    private Loaded read() {
        Properties values = new Properties();
        try (InputStream in = Defaults.class.getResourceAsStream(BUILT_IN)) {
            values.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the jar lacks " + BUILT_IN, e);
        }
        checkKnown(values, "conf/digitnet.properties");
        Path conf = confFile.get();
        if (conf != null) {
            Properties file = new Properties();
            try (Reader in = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (NoSuchFileException e) {
                throw new UserError(conf + ": no such file (given as --conf)", 2);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(conf + ": cannot read settings: " + e.getMessage(), 2);
            }
            checkKnown(file, conf.toString());
            values.putAll(file);
        }
        String data = environment.get(DATA_VARIABLE);
        if (!values.containsKey("data") && data != null && !data.isEmpty()) {
            values.setProperty("data", data);
        }
        Path resume = resumeDir.get();
        Checkpoint resumed = resume != null ? Checkpoint.read(resume) : null;
        if (resumed != null) {
            values.putAll(resumed.settings());
            values.setProperty("data", resumed.data().path());
        }
        return new Loaded(values, resumed);
    }

    /** Refuses a key that names no setting of {@code train}: a typo would silently do nothing. */
    private void checkKnown(Properties values, String file) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : command.options()) {
            known.add(key(option));
        }
        known.removeAll(NOT_SETTINGS);
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            if (!known.contains(key)) {
                throw new UserError(file + ": unknown setting '" + UserError.printable(key) + "'; the settings are train's long flag "
                        + "names without dashes: " + String.join(", ", known), 2);
            }
        }
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }
}
