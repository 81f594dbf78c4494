package com.aisaas.events;

import java.util.List;

/** Publishes each event to every publisher in turn (each one swallows its own failures). */
public final class CompositeEventPublisher implements EventPublisher {

    private final List<EventPublisher> publishers;

    public CompositeEventPublisher(List<EventPublisher> publishers) {
        this.publishers = List.copyOf(publishers);
    }

    @Override
    public void deliver(DomainEvent event) {
        RuntimeException failure = null;
        for (EventPublisher publisher : publishers) {
            try {
                publisher.deliver(event);
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
