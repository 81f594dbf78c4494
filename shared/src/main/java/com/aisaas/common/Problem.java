package com.aisaas.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code type} is stable and documented
 * (see {@link Problems}); extension members (for example {@code invocationId}, {@code component}) are
 * written at the top level of the JSON object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance"})
public record Problem(String type, String title, int status, String detail, String instance,
                      @JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
    }

    /** Returns a copy with one more extension member. */
    public Problem with(String name, Object value) {
        if (value == null) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(extensions);
        copy.put(name, value);
        return new Problem(type, title, status, detail, instance, copy);
    }

    @JsonAnyGetter
    Map<String, Object> jsonExtensions() {
        return extensions;
    }
}
