package com.aisaas.devhost.host;

/** An input could not be converted to the type the function declares; the invocation fails (500), as in the worker. */
final class BindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BindingException(String message) {
        super(message);
    }

    BindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
