package com.aisaas.devhost.host.worker;

import java.util.Objects;

/**
 * A function ready to be invoked: its metadata and invoker. When loading failed (class or method missing, a parameter
 * that cannot be bound) the invoker fails every call with that reason, like a function in error in the real host.
 */
public record LoadedFunction(FunctionMetadata metadata, BindingMetadata trigger, FunctionInvoker invoker, String loadError) {

    public LoadedFunction {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(invoker, "invoker");
    }

    public String name() {
        return metadata.name();
    }
}
