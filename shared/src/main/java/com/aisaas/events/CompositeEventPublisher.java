package com.aisaas.events;

import java.util.List;

/** Publishes each event to every publisher in turn (each one swallows its own failures). */
public final class CompositeEventPublisher implements EventPublisher {

    private final List<EventPublisher> publishers;

    public CompositeEventPublisher(List<EventPublisher> publishers) {
        this.publishers = List.copyOf(publishers);
    }

    @Override
    public void publish(DomainEvent event) {
        for (EventPublisher publisher : publishers) {
            publisher.publish(event);
        }
    }
}
