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
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code GET /api/health/ready} (anonymous, for load balancers and probes): {@code {"status":"UP"}} when every
 * required component is UP (or SKIPPED), else 503 {@code {"status":"DOWN"}} with Retry-After. Nothing else: which
 * component failed, and how, is for {@link HealthReadyDetailsHttpFunction} (function key). Served from
 * {@link HealthService#recentReady()}, so any request rate costs one check round per few seconds per instance.
 */
public final class HealthReadyHttpFunction {

    static final String NAME = "HealthReady";

    private final Supplier<HealthService> health;

    public HealthReadyHttpFunction() {
        this(() -> AppContext.get().health());
    }

    HealthReadyHttpFunction(Supplier<HealthService> health) {
        this.health = health;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health/ready",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx, () -> {
            HealthReport report = health.get().recentReady();
            Map<String, String> status = Map.of("status", report.status());
            return report.isUp()
                    ? Http.json(req, HttpStatus.OK, status, Http.CACHE_CONTROL, "no-store")
                    : Http.json(req, HttpStatus.SERVICE_UNAVAILABLE, status, Http.CACHE_CONTROL, "no-store",
                            Http.RETRY_AFTER, Integer.toString(HealthService.RETRY_AFTER_SECONDS));
        });
    }
}
