package com.aisaas.common;

/** The caller is known but not allowed to do this (HTTP 403). */
public class ForbiddenException extends DomainException {

    public ForbiddenException(String message) {
        super(message);
    }
}
