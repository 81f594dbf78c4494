package com.aisaas.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The languages whose words are stemmed for search: a detected language (ISO 639-1) maps to the PostgreSQL
 * text-search configuration of the same language; every other text is indexed with {@code simple} (lower-cased
 * words, no stemming, no stop words). The configurations listed ship with PostgreSQL 13 and later.
 */
public final class SearchLanguages {

    public static final String SIMPLE = "simple";

    private static final Map<String, String> CONFIGS = Map.ofEntries(
            Map.entry("ar", "arabic"), Map.entry("da", "danish"), Map.entry("nl", "dutch"),
            Map.entry("en", "english"), Map.entry("fi", "finnish"), Map.entry("fr", "french"),
            Map.entry("de", "german"), Map.entry("el", "greek"), Map.entry("hu", "hungarian"),
            Map.entry("id", "indonesian"), Map.entry("ga", "irish"), Map.entry("it", "italian"),
            Map.entry("lt", "lithuanian"), Map.entry("ne", "nepali"), Map.entry("no", "norwegian"),
            Map.entry("pt", "portuguese"), Map.entry("ro", "romanian"), Map.entry("ru", "russian"),
            Map.entry("es", "spanish"), Map.entry("sv", "swedish"), Map.entry("ta", "tamil"),
            Map.entry("tr", "turkish"));

    /** Every configuration a file may be indexed with, {@code simple} first; a query is read under each. */
    public static final List<String> ALL_CONFIGS;

    static {
        TreeSet<String> configs = new TreeSet<>(CONFIGS.values());
        List<String> all = new java.util.ArrayList<>();
        all.add(SIMPLE);
        all.addAll(configs);
        ALL_CONFIGS = List.copyOf(all);
    }

    private SearchLanguages() {
    }

    /** The languages the detector needs to tell apart. */
    static java.util.Set<String> languages() {
        return CONFIGS.keySet();
    }

    /** The configuration for {@code language}; empty when PostgreSQL stems no such language. */
    public static Optional<String> config(String language) {
        return Optional.ofNullable(language == null ? null : CONFIGS.get(language));
    }
}
