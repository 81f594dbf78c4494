package com.aisaas.functions;

import com.aisaas.telemetry.MetricsSummary;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/admin/metrics} (role operator): this instance's calls, failures and latency percentiles per
 * function as JSON, for the console's charts. The Prometheus text stays at {@code /api/metrics} behind a function key.
 */
public final class MetricsSummaryHttpFunction {

    static final String NAME = "MetricsSummary";

    private final Supplier<MetricsSummary> summary;
    private final Http.Pipeline pipeline;

    public MetricsSummaryHttpFunction() {
        this(() -> MetricsSummary.current(Clock.systemUTC()), Http.Pipeline.standard());
    }

    MetricsSummaryHttpFunction(Supplier<MetricsSummary> summary, Http.Pipeline pipeline) {
        this.summary = summary;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "v1/admin/metrics",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx, call -> Http.Reply.json(200, summary.get()));
    }
}
