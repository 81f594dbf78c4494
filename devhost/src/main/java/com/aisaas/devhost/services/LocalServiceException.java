package com.aisaas.devhost.services;

/** A local service could not be found, started or stopped; the message says what to do about it. */
public final class LocalServiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalServiceException(String message) {
        super(message);
    }

    public LocalServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
