package com.aisaas.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Text extraction on the processing path, for full-text search.
 *
 * @param extractEnabled EXTRACT_ENABLED: extract text from documents while they are processed (names and tags are
 *        indexed either way)
 * @param extractMaxBytes EXTRACT_MAX_BYTES: how much of a blob is kept in memory for extraction while it streams
 *        through hashing; a plain-text file beyond it is indexed up to it (and marked truncated), a PDF or Office
 *        file beyond it is not extracted (its structure is at its end)
 * @param extractMaxChars EXTRACT_MAX_CHARS: the most characters indexed per file (more is marked truncated)
 * @param extractTimeout EXTRACT_TIMEOUT_MS: how long one extraction may take; the text found until then is indexed
 *        and marked truncated
 */
public record SearchSettings(boolean extractEnabled, int extractMaxBytes, int extractMaxChars,
                             Duration extractTimeout) {

    public static final int DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
    /** Well under PostgreSQL's 1 MB limit of a tsvector, and enough for a few hundred pages. */
    public static final int DEFAULT_MAX_CHARS = 300_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    public SearchSettings {
        Objects.requireNonNull(extractTimeout, "extractTimeout");
        if (extractMaxBytes < 1 || extractMaxChars < 1 || extractTimeout.isNegative() || extractTimeout.isZero()) {
            throw new IllegalArgumentException("extraction bounds must be positive");
        }
    }

    public static SearchSettings defaults() {
        return read(new SettingsReader(Map.of()));
    }

    static SearchSettings read(SettingsReader r) {
        return new SearchSettings(
                r.bool(Setting.EXTRACT_ENABLED, true),
                r.integer(Setting.EXTRACT_MAX_BYTES, DEFAULT_MAX_BYTES, 1024, 256 * 1024 * 1024),
                r.integer(Setting.EXTRACT_MAX_CHARS, DEFAULT_MAX_CHARS, 1000, 900_000),
                Duration.ofMillis(r.integer(Setting.EXTRACT_TIMEOUT_MS, (int) DEFAULT_TIMEOUT.toMillis(), 100,
                        600_000)));
    }
}
