package com.aisaas.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.Map;

/**
 * The readiness report: overall {@code UP} unless a required component is {@code DOWN}; components in a
 * stable order (postgres, redis, blob, keyvault).
 */
public record HealthReport(String status, Instant checkedAt, Map<String, ComponentHealth> components) {

    @JsonIgnore
    public boolean isUp() {
        return ComponentHealth.UP.equals(status);
    }
}
