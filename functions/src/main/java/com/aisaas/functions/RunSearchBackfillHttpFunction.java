package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.common.ConflictException;
import com.aisaas.files.InvalidFieldException;
import com.aisaas.search.SearchBackfill;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code POST /api/v1/admin/search-backfill?seconds}: indexes files processed before search existed, in batches,
 * for up to {@code seconds} (default 20, at most 200), in batches of SEARCH_BACKFILL_BATCH, under the job's lock
 * (shared with {@link SearchBackfillTimerFunction}); the report says what is left and how long it would take. Call
 * again until {@code complete}.
 */
public final class RunSearchBackfillHttpFunction {

    static final String NAME = "RunSearchBackfill";

    private final Http.Pipeline pipeline;

    public RunSearchBackfillHttpFunction() {
        this(Http.Pipeline.standard());
    }

    RunSearchBackfillHttpFunction(Http.Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/admin/search-backfill",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> {
            Duration budget = Duration.ofSeconds(seconds(call.queryParameters().get("seconds")));
            AppContext app = AppContext.get();
            int batch = app.settings().search().backfillBatch();
            return Http.Reply.json(200, app.jobLock().runExclusive(SearchBackfill.JOB,
                            () -> app.searchBackfill().run(batch, budget))
                    .orElseThrow(() -> new ConflictException("A search backfill is running right now; run it again"
                            + " when it is done.")));
        });
    }

    private static int seconds(String text) {
        if (text == null || text.isEmpty()) {
            return 20;
        }
        if (!text.matches("\\d{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 200) {
            throw new InvalidFieldException("seconds", "must be an integer between 1 and 200");
        }
        return Integer.parseInt(text);
    }
}
