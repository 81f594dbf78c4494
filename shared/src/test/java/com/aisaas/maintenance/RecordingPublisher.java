package com.aisaas.maintenance;

import com.aisaas.events.DomainEvent;
import com.aisaas.events.EventPublisher;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was published, for assertions. */
final class RecordingPublisher implements EventPublisher {

    private final List<DomainEvent> events = new ArrayList<>();

    @Override
    public synchronized void deliver(DomainEvent event) {
        events.add(event);
    }

    synchronized List<DomainEvent> events() {
        return List.copyOf(events);
    }
}
