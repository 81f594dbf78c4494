package com.aisaas.common;

/** The request conflicts with the current state: duplicate, stale version, wrong status (HTTP 409). */
public class ConflictException extends DomainException {

    public ConflictException(String message) {
        super(message);
    }

    public ConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
