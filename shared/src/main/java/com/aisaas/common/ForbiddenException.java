package com.aisaas.common;

/** The caller is known but may not do this (403). */
public class ForbiddenException extends ClientErrorException {

    public ForbiddenException(String message) {
        super(403, "forbidden", "Forbidden", message, null);
    }

    public ForbiddenException(String message, Throwable cause) {
        super(403, "forbidden", "Forbidden", message, cause);
    }
}
