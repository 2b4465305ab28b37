package digitnet.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitnet.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the small JSON records digitnet writes (checkpoint.json, run.json) as untrusted
 * input: bounded in size, every field checked for its type, every problem one error naming the
 * file and the field.
 */
public final class JsonFields {
    private JsonFields() {}

    /**
     * The JSON object in {@code file}, read only if it is at most {@code maxBytes} long;
     * {@code what} names the record in the errors ("not a digitnet checkpoint record").
     */
    public static JsonNode readObject(Path file, int maxBytes, String what) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + AtomicFiles.reason(e));
        }
        if (bytes.length > maxBytes) {
            throw new UserError(file + ": larger than " + maxBytes + " bytes; not a " + what);
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UserError(file + ": not valid JSON (" + UserError.printable(e.getOriginalMessage()) + ")");
        }
        if (json == null || !json.isObject()) {
            throw new UserError(file + ": not a " + what);
        }
        return json;
    }

    public static JsonNode object(JsonNode json, Path file, String key) {
        JsonNode node = json.get(key);
        if (node == null || !node.isObject()) {
            throw new UserError(file + ": '" + key + "' is missing or not an object");
        }
        return node;
    }

    public static String text(JsonNode json, Path file, String key) {
        JsonNode node = json.get(key);
        if (node == null || !node.isTextual()) {
            throw new UserError(file + ": '" + key + "' is missing or not a string");
        }
        return node.asText();
    }

    public static long count(JsonNode json, Path file, String key, long max) {
        JsonNode node = json.get(key);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0
                || node.asLong() > max) {
            throw new UserError(file + ": '" + key + "' is missing or not a count");
        }
        return node.asLong();
    }

    public static long integer(JsonNode json, Path file, String key) {
        JsonNode node = json.get(key);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new UserError(file + ": '" + key + "' is missing or not an integer");
        }
        return node.asLong();
    }
}
