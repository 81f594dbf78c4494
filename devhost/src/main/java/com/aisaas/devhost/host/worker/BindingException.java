package com.aisaas.devhost.host.worker;

/** An input could not be converted to the type the function declares; the invocation fails (500), as in the worker. */
public final class BindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BindingException(String message) {
        super(message);
    }

    public BindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
