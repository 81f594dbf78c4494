package com.aisaas.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The state of one component: {@code UP}, {@code DOWN} or {@code SKIPPED} (not configured), whether it is
 * required for readiness, how long the check took, and on failure a short error without secrets.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ComponentHealth(String status, boolean required, Long latencyMs, String error,
                              Map<String, Object> details) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String SKIPPED = "SKIPPED";

    public ComponentHealth {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    @JsonIgnore
    public boolean isDown() {
        return DOWN.equals(status);
    }
}
