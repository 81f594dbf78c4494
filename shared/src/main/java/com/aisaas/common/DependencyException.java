package com.aisaas.common;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A dependency (postgres, redis, blob, keyvault, ...) failed or is unavailable (HTTP 503).
 * {@code retryable} says whether trying the same operation again later can succeed (a failover, a
 * refused connection, a timeout) or not (bad configuration, unsupported mode, a rejected statement).
 * The message never carries secrets; it names the component and the operation. {@code retryAfter}, when known (an open
 * circuit knows when it probes next), is what the 503's Retry-After says.
 */
public class DependencyException extends DomainException {

    private final String component;
    private final boolean retryable;
    private final Duration retryAfter;

    public DependencyException(String component, boolean retryable, String message) {
        this(component, retryable, message, null);
    }

    public DependencyException(String component, boolean retryable, String message, Throwable cause) {
        this(component, retryable, message, cause, null);
    }

    /** @param retryAfter how long a client should wait before it tries again (null: the default) */
    public DependencyException(String component, boolean retryable, String message, Throwable cause,
                               Duration retryAfter) {
        super(Objects.requireNonNull(component, "component") + ": " + message, cause);
        this.component = component;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public String component() {
        return component;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The wait this failure suggests, when it knows one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
