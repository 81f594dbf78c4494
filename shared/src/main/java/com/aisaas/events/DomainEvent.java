package com.aisaas.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * An event this application announces to others (custom topic and Redis pub/sub), for example
 * {@code AISaaS.Files.FileProcessed} or {@code AISaaS.Maintenance.AlertRaised}.
 *
 * @param id      unique id (consumers deduplicate on it)
 * @param type    event type, {@code AISaaS.<Area>.<Name>}
 * @param subject what it is about, e.g. {@code files/<fileId>} or {@code health/redis}
 * @param time    when it happened
 * @param data    JSON-serialisable payload; never secrets
 */
public record DomainEvent(String id, String type, String subject, Instant time, Map<String, Object> data) {
    public DomainEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        data = Map.copyOf(Objects.requireNonNull(data, "data"));
    }
}
