package com.aisaas.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What extraction made of one file: the text to index and how it went.
 *
 * @param status    {@link Status#INDEXED} with text; otherwise the file is found by its name and tags only
 * @param text      the extracted text (empty unless indexed), at most EXTRACT_MAX_CHARS characters
 * @param language  the detected language (ISO 639-1), null when not detected
 * @param config    the PostgreSQL text-search configuration for it ({@code simple} without a language)
 * @param truncated whether the file holds more text than was indexed (size, character or time bound)
 * @param reason    why there is no text, or why it was truncated; null otherwise
 */
public record ExtractedText(Status status, String text, String language, String config, boolean truncated,
                            String reason) {

    /** Stored as {@code file_texts.status}. */
    public enum Status {
        INDEXED("indexed"), NONE("none"), SKIPPED("skipped"), FAILED("failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public ExtractedText {
        Objects.requireNonNull(status, "status");
        text = text == null ? "" : text;
        config = config == null ? SearchLanguages.SIMPLE : config;
    }

    /** A type that has no text (images, archives, binaries). */
    public static ExtractedText none(String reason) {
        return new ExtractedText(Status.NONE, "", null, SearchLanguages.SIMPLE, false, reason);
    }

    public static ExtractedText skipped(String reason) {
        return new ExtractedText(Status.SKIPPED, "", null, SearchLanguages.SIMPLE, false, reason);
    }

    public static ExtractedText failed(String reason) {
        return new ExtractedText(Status.FAILED, "", null, SearchLanguages.SIMPLE, false, reason);
    }

    /** Whether text went into the index (not just the name and tags). */
    public boolean indexed() {
        return status == Status.INDEXED && !text.isEmpty();
    }

    /** {@code files.metadata.extraction}: status, characters, language, truncated, reason. */
    public Map<String, Object> metadata() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("status", status.wire());
        if (status == Status.INDEXED) {
            facts.put("chars", text.length());
            if (language != null) {
                facts.put("language", language);
            }
            facts.put("truncated", truncated);
        }
        if (reason != null) {
            facts.put("reason", reason);
        }
        return facts;
    }
}
