package com.aisaas.common;

import java.util.Map;
import java.util.Objects;

/**
 * A request the client must change before trying again (4xx). Each subclass fixes its status, stable problem
 * type and title; {@link Problems} maps any of them the same way, so a new kind of client error needs no change
 * there. The message becomes the problem's {@code detail}: it must speak to the client and never carry secrets.
 */
public abstract class ClientErrorException extends DomainException {

    private final int status;
    private final String slug;
    private final String title;

    protected ClientErrorException(int status, String slug, String title, String message, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("not a client error status: " + status);
        }
        this.status = status;
        this.slug = Objects.requireNonNull(slug, "slug");
        this.title = Objects.requireNonNull(title, "title");
    }

    public final int status() {
        return status;
    }

    /** The stable problem type URI, {@code urn:aisaas:problem:<slug>} (listed in docs/openapi.yaml). */
    public final String type() {
        return Problems.typeUri(slug);
    }

    public final String title() {
        return title;
    }

    /** Response headers that belong to this error (e.g. {@code WWW-Authenticate}, {@code Retry-After}). */
    public Map<String, String> headers() {
        return Map.of();
    }

    /** Extension members of the problem (e.g. the invalid fields). */
    public Map<String, Object> extensions() {
        return Map.of();
    }
}
