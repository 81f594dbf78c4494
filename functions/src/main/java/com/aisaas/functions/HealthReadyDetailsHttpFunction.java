package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.health.HealthReport;
import com.aisaas.health.HealthService;
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

/**
 * {@code GET /api/health/ready/details} (function key): the readiness report behind {@code /api/health/ready}, with
 * each component's status, latency, error and details; 503 with Retry-After when not ready. The same report as the
 * anonymous route (at most a few seconds old, {@code checkedAt} says when), so polling it costs no extra checks.
 */
public final class HealthReadyDetailsHttpFunction {

    static final String NAME = "HealthReadyDetails";

    private final Supplier<HealthService> health;

    public HealthReadyDetailsHttpFunction() {
        this(() -> AppContext.get().health());
    }

    HealthReadyDetailsHttpFunction(Supplier<HealthService> health) {
        this.health = health;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health/ready/details",
                    authLevel = AuthorizationLevel.FUNCTION) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx, () -> {
            HealthReport report = health.get().recentReady();
            return report.isUp()
                    ? Http.json(req, HttpStatus.OK, report, Http.CACHE_CONTROL, "no-store")
                    : Http.json(req, HttpStatus.SERVICE_UNAVAILABLE, report, Http.CACHE_CONTROL, "no-store",
                            Http.RETRY_AFTER, Integer.toString(HealthService.RETRY_AFTER_SECONDS));
        });
    }
}
