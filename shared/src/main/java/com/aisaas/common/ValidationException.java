package com.aisaas.common;

/** The request is malformed or breaks a rule (400). */
public class ValidationException extends ClientErrorException {

    public ValidationException(String message) {
        super(400, "validation", "Invalid request", message, null);
    }

    public ValidationException(String message, Throwable cause) {
        super(400, "validation", "Invalid request", message, cause);
    }
}
