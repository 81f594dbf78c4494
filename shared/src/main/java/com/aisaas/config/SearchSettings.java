package com.aisaas.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Text extraction on the processing path, ranking of search hits and the search backfill.
 *
 * @param extractEnabled EXTRACT_ENABLED: extract text from documents while they are processed (names and tags are
 *        indexed either way)
 * @param extractMaxBytes EXTRACT_MAX_BYTES: how much of a blob is kept in memory for extraction while it streams
 *        through hashing; a plain-text file beyond it is indexed up to it (and marked truncated), a PDF or Office
 *        file beyond it is not extracted (its structure is at its end)
 * @param extractMaxChars EXTRACT_MAX_CHARS: the most characters indexed per file (more is marked truncated)
 * @param extractTimeout EXTRACT_TIMEOUT_MS: how long one extraction may take; the text found until then is indexed
 *        and marked truncated
 * @param rankCandidates SEARCH_RANK_CANDIDATES: how many files a search examines and ranks at most — the newest
 *        that contain all the query's words; a query that more files match returns the best of these only and says
 *        so ({@code partial})
 * @param backfillBatch SEARCH_BACKFILL_BATCH: files the scheduled backfill reads per batch
 * @param backfillBudget SEARCH_BACKFILL_SECONDS: how long one scheduled backfill run may work (the next run goes on)
 */
public record SearchSettings(boolean extractEnabled, int extractMaxBytes, int extractMaxChars,
                             Duration extractTimeout, int rankCandidates, int backfillBatch,
                             Duration backfillBudget) {

    public static final int DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
    /** Well under PostgreSQL's 1 MB limit of a tsvector, and enough for a few hundred pages. */
    public static final int DEFAULT_MAX_CHARS = 300_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** Ranking 1,000 candidates takes tens of milliseconds (docs/benchmarks.md); every rarer query is exact. */
    public static final int DEFAULT_RANK_CANDIDATES = 1000;
    public static final int DEFAULT_BACKFILL_BATCH = 50;
    /** Well inside host.json's functionTimeout (10 minutes), which bounds a timer invocation. */
    public static final Duration DEFAULT_BACKFILL_BUDGET = Duration.ofSeconds(120);

    public SearchSettings {
        Objects.requireNonNull(extractTimeout, "extractTimeout");
        Objects.requireNonNull(backfillBudget, "backfillBudget");
        if (extractMaxBytes < 1 || extractMaxChars < 1 || extractTimeout.isNegative() || extractTimeout.isZero()) {
            throw new IllegalArgumentException("extraction bounds must be positive");
        }
        if (rankCandidates < 1 || backfillBatch < 1 || backfillBudget.isNegative() || backfillBudget.isZero()) {
            throw new IllegalArgumentException("search bounds must be positive");
        }
    }

    /** Extraction settings as given, the rest at their defaults. */
    public static SearchSettings extraction(boolean enabled, int maxBytes, int maxChars, Duration timeout) {
        return new SearchSettings(enabled, maxBytes, maxChars, timeout, DEFAULT_RANK_CANDIDATES,
                DEFAULT_BACKFILL_BATCH, DEFAULT_BACKFILL_BUDGET);
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
                        600_000)),
                r.integer(Setting.SEARCH_RANK_CANDIDATES, DEFAULT_RANK_CANDIDATES, 100, 100_000),
                r.integer(Setting.SEARCH_BACKFILL_BATCH, DEFAULT_BACKFILL_BATCH, 1, 1000),
                Duration.ofSeconds(r.integer(Setting.SEARCH_BACKFILL_SECONDS,
                        (int) DEFAULT_BACKFILL_BUDGET.toSeconds(), 1, 540)));
    }
}
