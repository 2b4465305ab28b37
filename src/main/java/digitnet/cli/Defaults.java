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
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Default values of options, from {@code conf/digitnet.properties} (built into the jar), then
 * from the file named by {@code --conf}, then, for {@code train --resume DIR}, from the settings
 * recorded in DIR's checkpoint; keyed by an option's long name without dashes. Flags on the
 * command line override all three.
 */
final class Defaults implements IDefaultValueProvider {
    static final String BUILT_IN = "/digitnet/digitnet.properties";

    private final Properties values;

    Defaults(Properties values) {
        this.values = values;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        return arg instanceof OptionSpec option ? values.getProperty(key(option)) : null;
    }

    /**
     * The built-in defaults overlaid with {@code confFile} and then with the settings of the run
     * in {@code resumeDir}, each when it is not null.
     */
    static Properties load(String confFile, String resumeDir) {
        Properties p = new Properties();
        try (InputStream in = Defaults.class.getResourceAsStream(BUILT_IN)) {
            p.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the jar lacks " + BUILT_IN, e);
        }
        if (confFile != null) {
            try (Reader in = Files.newBufferedReader(Path.of(confFile), StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (NoSuchFileException e) {
                throw new UserError(confFile + ": no such file (given as --conf)", 2);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError(confFile + ": cannot read settings: " + e.getMessage(), 2);
            }
        }
        if (resumeDir != null) {
            p.putAll(Checkpoint.recordedSettings(Path.of(resumeDir)));
        }
        return p;
    }

    /**
     * The value of {@code option} ({@code --conf} or {@code --resume}) on the command line, or
     * null; read before parsing since it supplies the defaults.
     */
    static String optionValue(String[] args, String option) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(option + "=")) {
                return args[i].substring(option.length() + 1);
            }
        }
        return null;
    }

    /** Refuses a settings key that names no option of any command: a typo would silently do nothing. */
    static void checkKnown(Properties values, CommandLine root) {
        Set<String> known = new HashSet<>();
        collect(root, known);
        for (String key : values.stringPropertyNames()) {
            if (!known.contains(key)) {
                throw new UserError("settings file: unknown setting '" + key + "'; settings are "
                        + "the long flag names without dashes, such as learning-rate", 2);
            }
        }
    }

    private static void collect(CommandLine cmd, Set<String> known) {
        for (OptionSpec option : cmd.getCommandSpec().options()) {
            known.add(key(option));
        }
        cmd.getSubcommands().values().forEach(sub -> collect(sub, known));
    }

    static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }
}
