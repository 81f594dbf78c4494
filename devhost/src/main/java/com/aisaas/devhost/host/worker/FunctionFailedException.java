package com.aisaas.devhost.host.worker;

/** An invocation failed: the function threw, its inputs could not be bound, or it could not be loaded. */
public final class FunctionFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FunctionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
