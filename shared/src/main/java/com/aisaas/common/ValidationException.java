package com.aisaas.common;

/** The caller sent something we cannot accept (HTTP 400). The message is safe to show to the caller. */
public class ValidationException extends DomainException {

    public ValidationException(String message) {
        super(message);
    }

    public ValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
