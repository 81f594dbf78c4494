package com.aisaas.maintenance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report of one maintenance run (a row of {@code maintenance_runs}).
 *
 * @param kind {@code retention}, {@code reconciliation}, {@code upload-sweep}, {@code search-backfill}, ...
 * @param status {@code running}, {@code succeeded} or {@code failed}
 * @param counts what was done, per kind of work (see {@link RetentionPurge} and {@link Reconciliation})
 * @param details samples of the file ids concerned, whether the run finished within its time budget, the error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MaintenanceRun(long id, String kind, Instant startedAt, Instant finishedAt, String status,
                             Map<String, Object> counts, Map<String, Object> details) {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public MaintenanceRun {
        counts = counts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A count as a long (0 when absent). */
    public long count(String name) {
        Object value = counts.get(name);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
