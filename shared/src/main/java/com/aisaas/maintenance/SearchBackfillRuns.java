package com.aisaas.maintenance;

import com.aisaas.db.Database;
import com.aisaas.search.SearchBackfill;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Runs the {@link SearchBackfill} as a maintenance job, for the timer and the operator endpoint alike: a run that
 * finds work is reported in {@code maintenance_runs} (kind {@value #KIND}) with its counts (files remaining at the
 * start, indexed with text, indexed by name and tags only, remaining after), the rate and the estimated time left; a
 * failed run is reported with what it did before the failure. A run that finds nothing to do (the usual case once the
 * backfill is through, every SEARCH_BACKFILL_SCHEDULE) leaves no report.
 */
public final class SearchBackfillRuns {

    /** The {@code maintenance_runs.kind} of its reports. */
    public static final String KIND = "search-backfill";

    private final SearchBackfill backfill;
    private final MaintenanceRuns runs;

    public SearchBackfillRuns(SearchBackfill backfill, Database maintenance, Clock clock) {
        this.backfill = Objects.requireNonNull(backfill, "backfill");
        this.runs = new MaintenanceRuns(maintenance, clock);
    }

    /**
     * Indexes batches of {@code batchSize} until none is left or {@code budget} has passed, and reports the run.
     *
     * @throws com.aisaas.common.DependencyException when PostgreSQL fails (reported as a failed run)
     */
    public SearchBackfill.Report run(int batchSize, Duration budget) {
        long before = backfill.remaining();
        if (before == 0) {
            return new SearchBackfill.Report(0, 0, 0, 0.0, null, true);
        }
        SearchBackfill.Report[] result = new SearchBackfill.Report[1];
        runs.run(KIND, report -> {
            report.count("remainingAtStart", before);
            report.count("indexed", 0);
            report.count("withoutText", 0);
            SearchBackfill.Report done = backfill.run(batchSize, budget,
                    withText -> report.count(withText ? "indexed" : "withoutText", 1));
            report.count("remaining", done.remaining());
            report.detail("filesPerSecond", Math.round(done.filesPerSecond() * 100) / 100.0);
            report.detail("estimatedSecondsRemaining", done.estimatedSecondsRemaining());
            report.detail("complete", done.complete());
            report.detail("batchSize", batchSize);
            report.detail("budgetSeconds", budget.toSeconds());
            result[0] = done;
        });
        return result[0];
    }
}
