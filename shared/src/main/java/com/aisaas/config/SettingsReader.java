package com.aisaas.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads typed values from the environment map and collects every problem, so that one exception can name
 * them all. An empty or blank value counts as absent (local.settings.json lists settings with "").
 */
final class SettingsReader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    Optional<String> optional(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** The value, or null after recording "NAME is missing". */
    String required(String name, String hint) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            problem(name + " is missing" + (hint == null ? "" : " (" + hint + ")"));
            return null;
        }
        return value.get();
    }

    int integer(String name, int defaultValue, int min, int max) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(name + " must be an integer between " + min + " and " + max + " (was '" + value.get() + "')");
        return defaultValue;
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String v = value.get().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        problem(name + " must be true or false (was '" + value.get() + "')");
        return defaultValue;
    }

    /** An enum whose constants are written in lower case in the setting (APP_ENVIRONMENT=local). */
    <E extends Enum<E>> E choice(String name, E defaultValue, Class<E> type) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value.get())) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            allowed.add(constant.name().toLowerCase(Locale.ROOT));
        }
        problem(name + " must be one of " + String.join("|", allowed) + " (was '" + value.get() + "')");
        return defaultValue;
    }

    /** An absolute URI with one of {@code schemes}; the value is not repeated in the message (it may hold a secret). */
    Optional<URI> uri(String name, String... schemes) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (List.of(schemes).contains(scheme) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problem(name + " must be an absolute " + String.join(" or ", schemes) + " URL with a host");
        return Optional.empty();
    }

    void problem(String message) {
        problems.add(message);
    }

    void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
    }
}
