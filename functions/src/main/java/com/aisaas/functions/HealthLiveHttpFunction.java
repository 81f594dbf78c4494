package com.aisaas.functions;

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

/** {@code GET /api/health/live}: the process answers. Builds no client, reads no setting. */
public final class HealthLiveHttpFunction {

    static final String NAME = "HealthLive";

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.GET}, route = "health/live",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            ExecutionContext ctx) {
        return Http.respond(NAME, req, ctx,
                () -> Http.json(req, HttpStatus.OK, HealthService.live(), Http.CACHE_CONTROL, "no-store"));
    }
}
