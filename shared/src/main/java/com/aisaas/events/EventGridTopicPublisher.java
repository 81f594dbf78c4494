package com.aisaas.events;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.models.CloudEvent;
import com.azure.core.models.CloudEventDataFormat;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridPublisherClient;
import com.azure.messaging.eventgrid.EventGridPublisherClientBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Publishes events to an Event Grid custom topic (EVENTGRID_TOPIC_ENDPOINT, CloudEvents 1.0 input schema) with the
 * app's Microsoft Entra identity (role "EventGrid Data Sender" on the topic; no access keys). Failures are logged
 * and swallowed: the state change the event reports is already committed.
 */
public final class EventGridTopicPublisher implements EventPublisher {


    private final EventGridPublisherClient<CloudEvent> client;

    EventGridTopicPublisher(EventGridPublisherClient<CloudEvent> client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    public static EventGridTopicPublisher create(URI endpoint, TokenCredential credential, HttpClient httpClient) {
        return new EventGridTopicPublisher(new EventGridPublisherClientBuilder()
                .endpoint(endpoint.toString())
                .credential(credential)
                .httpClient(httpClient)
                .buildCloudEventPublisherClient());
    }

    @Override
    public void deliver(DomainEvent event) {
        try {
            client.sendEvent(toCloudEvent(event));
        } catch (RuntimeException e) {
            throw new com.aisaas.common.DependencyException("eventgrid", true, "publish event to the topic: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    static CloudEvent toCloudEvent(DomainEvent event) {
        return new CloudEvent(RedisEventPublisher.SOURCE, event.type(), BinaryData.fromObject(event.data()),
                CloudEventDataFormat.JSON, "application/json")
                .setId(event.id())
                .setSubject(event.subject())
                .setTime(OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC));
    }
}
