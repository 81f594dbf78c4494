package com.aisaas.functions;

import com.aisaas.telemetry.Metrics;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/** {@code GET /api/metrics} (function key): this instance's metrics in the Prometheus text format. */
public final class MetricsHttpFunction {

    static final String NAME = "Metrics";

    private final Supplier<String> scrape;

    public MetricsHttpFunction() {
        this(Metrics::scrape);
    }

    MetricsHttpFunction(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "metrics",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx,
                () -> Http.text(req, HttpStatus.OK, scrape.get(), Metrics.CONTENT_TYPE, Http.CACHE_CONTROL, "no-store"));
    }
}
