package com.aisaas.common;

/** The request conflicts with the resource's current state (409). */
public class ConflictException extends ClientErrorException {

    public ConflictException(String message) {
        super(409, "conflict", "Conflict", message, null);
    }

    public ConflictException(String message, Throwable cause) {
        super(409, "conflict", "Conflict", message, cause);
    }
}
