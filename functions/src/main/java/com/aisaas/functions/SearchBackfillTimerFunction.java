package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.config.SearchSettings;
import com.aisaas.search.SearchBackfill;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Every SEARCH_BACKFILL_SCHEDULE (default every ten minutes): indexes ready files that have no search row yet (or
 * one still pending: processing stopped between the verdict and the index step), in
 * batches of SEARCH_BACKFILL_BATCH for up to SEARCH_BACKFILL_SECONDS, under the same lock as the operator endpoint;
 * the next run goes on where this one stopped. Runs with work are reported in maintenance_runs.
 */
public final class SearchBackfillTimerFunction {

    static final String NAME = "SearchBackfill";

    @FunctionName(NAME)
    public void run(@TimerTrigger(name = "timer", schedule = "%SEARCH_BACKFILL_SCHEDULE%") String timerInfo,
                    ExecutionContext ctx) {
        Timers.run(NAME, SearchBackfill.JOB, timerInfo, ctx, () -> {
            AppContext app = AppContext.get();
            SearchSettings settings = app.settings().search();
            return app.searchBackfill().run(settings.backfillBatch(), settings.backfillBudget());
        });
    }
}
