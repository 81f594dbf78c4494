package com.aisaas.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One recorded component check of a health sweep (a row of {@code health_checks}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheckRecord(long id, Instant checkedAt, String component, String status, Integer latencyMs,
                                Map<String, Object> details) {

    public HealthCheckRecord {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }
}
