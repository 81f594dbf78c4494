package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.deadletters.DeadLetters;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/v1/admin/dead-letters/{id}/replay}: does the dead letter's work again. The route has no
 * {@code :long} constraint on purpose: a constraint miss is the host's bare 404 (docs/functions-host.md §1.1), while
 * the function answers a malformed id with the same 404 problem+json as an unknown one.
 */
public final class ReplayDeadLetterHttpFunction {

    static final String NAME = "ReplayDeadLetter";

    private final Supplier<DeadLetters> deadLetters;
    private final Http.Pipeline pipeline;

    public ReplayDeadLetterHttpFunction() {
        this(() -> AppContext.get().deadLetters(), Http.Pipeline.standard());
    }

    ReplayDeadLetterHttpFunction(Supplier<DeadLetters> deadLetters, Http.Pipeline pipeline) {
        this.deadLetters = deadLetters;
        this.pipeline = pipeline;
    }

    @FunctionName(NAME)
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, route = "v1/admin/dead-letters/{id}/replay",
                    authLevel = AuthorizationLevel.ANONYMOUS) HttpRequestMessage<Optional<String>> req,
            @BindingName("id") String id,
            ExecutionContext ctx) {
        return pipeline.run(NAME, req, ctx,
                call -> Http.Reply.json(200, deadLetters.get().replay(call.caller().tenantFilter(), AdminQueries.id(id))));
    }
}
