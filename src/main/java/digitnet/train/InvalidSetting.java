package digitnet.train;

import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting out of its range, refused by the settings record that holds it. The message names
 * settings by their key ({@code learning-rate}, as in a settings file and run.json's spelling
 * with dashes); a front end that spells them otherwise, such as the command line's
 * {@code --learning-rate}, renders the message with {@link #message(UnaryOperator)}.
 */
public final class InvalidSetting extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("\\{([a-z0-9-]+)}");

    /** The message with each setting's key written {@code {key}}. */
    private final String template;

    InvalidSetting(String template) {
        super(render(template, UnaryOperator.identity()));
        this.template = template;
    }

    /** The message with each setting's key spelled by {@code spelling}. */
    public String message(UnaryOperator<String> spelling) {
        return render(template, spelling);
    }

    /** Refuses with {@code template} unless {@code ok}. */
    static void require(boolean ok, String template) {
        if (!ok) {
            throw new InvalidSetting(template);
        }
    }

    private static String render(String template, UnaryOperator<String> spelling) {
        Matcher m = NAME.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(spelling.apply(m.group(1))));
        }
        return m.appendTail(out).toString();
    }
}
