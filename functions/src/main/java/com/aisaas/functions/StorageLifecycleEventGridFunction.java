package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.lifecycle.LifecycleHandler;
import com.aisaas.telemetry.Invocations;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import java.util.function.Supplier;

/**
 * Storage lifecycle events from the storage account's Event Grid system topic (Event Grid schema or CloudEvents
 * 1.0): keeps {@code files} in step with deletes, tier changes, renames and lifecycle runs ({@link LifecycleHandler}).
 * A retryable dependency failure is rethrown, so the host answers 500 and Event Grid redelivers.
 */
public final class StorageLifecycleEventGridFunction {

    static final String NAME = "StorageLifecycle";

    private final Supplier<LifecycleHandler> handler;

    public StorageLifecycleEventGridFunction() {
        this(() -> AppContext.get().lifecycleHandler());
    }

    StorageLifecycleEventGridFunction(Supplier<LifecycleHandler> handler) {
        this.handler = handler;
    }

    @FunctionName(NAME)
    public void run(@EventGridTrigger(name = "event") String event, ExecutionContext ctx) {
        Invocations.run(NAME, ctx.getInvocationId(), () -> handler.get().handle(event));
    }
}
