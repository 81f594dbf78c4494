package com.aisaas.common;

/**
 * Root of the small domain exception hierarchy. Adapters translate vendor exceptions into one of its
 * subclasses; the HTTP boundary maps them to problem+json in one place ({@link Problems}).
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message);
    }

    protected DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
