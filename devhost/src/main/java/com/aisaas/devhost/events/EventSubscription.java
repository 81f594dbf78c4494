package com.aisaas.devhost.events;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * One Event Grid subscription of the local source: where events go (the host's webhook URL, key included), which
 * containers of the watched account it covers, and which event types it takes (empty = all storage events).
 *
 * @param name the subscription's name (the function's), used in logs and dead-letter paths
 */
public record EventSubscription(String name, URI endpoint, Set<String> containers, Set<String> eventTypes) {

    public EventSubscription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        containers = Set.copyOf(containers);
        eventTypes = eventTypes == null ? Set.of() : Set.copyOf(eventTypes);
    }

    boolean accepts(String container, String eventType) {
        return containers.contains(container) && (eventTypes.isEmpty() || eventTypes.contains(eventType));
    }

    /** The endpoint without its query (no key), for logs. */
    String endpointForLog() {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority() + endpoint.getRawPath();
    }
}
