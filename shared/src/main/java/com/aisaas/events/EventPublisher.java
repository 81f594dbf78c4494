package com.aisaas.events;

import com.aisaas.common.DependencyException;
import org.slf4j.LoggerFactory;

/**
 * Announces {@link DomainEvent}s. {@link #deliver} reports a destination that did not take the event, for callers
 * that deliver at least once (the {@link Outbox} relay retries it); {@link #publish} is best effort and never throws,
 * for announcements that may be lost (alerts, which the next sweep repeats).
 */
public interface EventPublisher {

    /**
     * Sends {@code event} to every destination.
     *
     * @throws DependencyException (retryable) when a destination did not take it; the others may have: consumers
     *         deduplicate by the event id
     */
    void deliver(DomainEvent event);

    /** Sends {@code event}; a failure is logged and otherwise ignored. */
    default void publish(DomainEvent event) {
        try {
            deliver(event);
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(EventPublisher.class).warn("event {} {} not published: {}", event.type(),
                    event.id(), e.getMessage());
        }
    }

    /** Publishes nothing (no topic and no Redis configured, or in tests that do not look at events). */
    EventPublisher NONE = event -> { };
}
