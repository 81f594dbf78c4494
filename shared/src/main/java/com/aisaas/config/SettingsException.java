package com.aisaas.config;

import java.util.List;

/**
 * The settings are incomplete or malformed. The message names every problem found (not only the first),
 * each with the setting's name; it never repeats the value of a secret or of a connection string.
 */
public final class SettingsException extends IllegalStateException {

    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super("Invalid settings (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "): "
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
