package com.aisaas.events;

/**
 * Announces {@link DomainEvent}s. Publishing is best effort and never throws: a failed publish is logged and
 * counted, because the state change it reports has already been committed and must not be undone or retried
 * because a notification could not be sent.
 */
public interface EventPublisher {

    void publish(DomainEvent event);

    /** Publishes nothing (no topic and no Redis configured, or in tests that do not look at events). */
    EventPublisher NONE = event -> { };
}
