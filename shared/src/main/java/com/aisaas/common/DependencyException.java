package com.aisaas.common;

import java.util.Objects;

/**
 * A dependency (postgres, redis, blob, keyvault, ...) failed or is unavailable (HTTP 503).
 * {@code retryable} says whether trying the same operation again later can succeed (a failover, a
 * refused connection, a timeout) or not (bad configuration, unsupported mode, a rejected statement).
 * The message never carries secrets; it names the component and the operation.
 */
public class DependencyException extends DomainException {

    private final String component;
    private final boolean retryable;

    public DependencyException(String component, boolean retryable, String message) {
        this(component, retryable, message, null);
    }

    public DependencyException(String component, boolean retryable, String message, Throwable cause) {
        super(Objects.requireNonNull(component, "component") + ": " + message, cause);
        this.component = component;
        this.retryable = retryable;
    }

    public String component() {
        return component;
    }

    public boolean retryable() {
        return retryable;
    }
}
