package com.aisaas.devhost;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code Values} of a {@code local.settings.json}, which become the app's environment as under
 * {@code func start}: a variable that the real environment already sets (non-empty) is kept, not overridden.
 */
public record LocalSettings(Path source, Map<String, String> values) {
    public static final String FILE = "local.settings.json";
    public static final String SAMPLE_FILE = "local.settings.sample.json";

    public LocalSettings {
        Objects.requireNonNull(source, "source");
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** {@code local.settings.json} in {@code repoRoot}, else the committed sample next to it. */
    public static Path defaultFile(Path repoRoot) {
        Path local = repoRoot.resolve(FILE);
        return Files.isRegularFile(local) ? local : repoRoot.resolve(SAMPLE_FILE);
    }

    /** Reads {@code file}; strings, numbers and booleans become strings, null becomes empty. */
    public static LocalSettings load(Path file) {
        // Gson rather than Jackson: a few times faster to load, and the launcher's startup time counts.
        JsonElement root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = JsonParser.parseReader(reader);
        } catch (IOException | JsonParseException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object with \"Values\"");
        }
        JsonObject object = root.getAsJsonObject();
        JsonElement encrypted = object.get("IsEncrypted");
        if (encrypted != null && encrypted.isJsonPrimitive() && encrypted.getAsJsonPrimitive().isBoolean()
                && encrypted.getAsBoolean()) {
            throw new IllegalArgumentException(file + " is encrypted (IsEncrypted: true); the devhost reads plain "
                    + "settings only: decrypt it with `func settings decrypt` or recreate it from " + SAMPLE_FILE);
        }
        JsonElement values = object.get("Values");
        if (values == null || values.isJsonNull()) {
            return new LocalSettings(file, Map.of());
        }
        if (!values.isJsonObject()) {
            throw new IllegalArgumentException(file + ": \"Values\" must be an object of name/value pairs");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : values.getAsJsonObject().entrySet()) {
            JsonElement value = field.getValue();
            if (value.isJsonObject() || value.isJsonArray()) {
                throw new IllegalArgumentException(file + ": Values." + field.getKey()
                        + " must be a string, number or boolean");
            }
            result.put(field.getKey(), value.isJsonNull() ? "" : value.getAsString());
        }
        return new LocalSettings(file, result);
    }

    /**
     * The environment for the app: {@code processEnv} plus these values, where a variable that
     * {@code processEnv} sets to a non-empty value wins (as with {@code func}); {@code shadowed} lists the values
     * that were skipped for that reason.
     */
    public Merged mergeOver(Map<String, String> processEnv) {
        Map<String, String> environment = new LinkedHashMap<>(processEnv);
        List<String> shadowed = new ArrayList<>();
        values.forEach((name, value) -> {
            String existing = processEnv.get(name);
            if (existing != null && !existing.isEmpty()) {
                if (!existing.equals(value)) {
                    shadowed.add(name);
                }
            } else {
                environment.put(name, value);
            }
        });
        return new Merged(Collections.unmodifiableMap(environment), List.copyOf(shadowed));
    }

    /** An environment and the settings names whose values the real environment overrode. */
    public record Merged(Map<String, String> environment, List<String> shadowed) {
    }
}
