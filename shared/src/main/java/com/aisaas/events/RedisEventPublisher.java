package com.aisaas.events;

import com.aisaas.cache.Redis;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes events on the Redis channel {@value #CHANNEL} as CloudEvents 1.0 JSON (the same shape the custom
 * topic delivers), for dashboards and other instances that subscribe. Pub/sub is fire-and-forget: subscribers that
 * are not connected miss it; the custom topic is the durable path.
 */
public final class RedisEventPublisher implements EventPublisher {

    public static final String CHANNEL = "aisaas:events";
    static final String SOURCE = "/aisaas/functions";
    private static final Logger log = LoggerFactory.getLogger(RedisEventPublisher.class);

    private final Supplier<Redis> redis;

    public RedisEventPublisher(Supplier<Redis> redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    @Override
    public void deliver(DomainEvent event) {
        try {
            long receivers = redis.get().execute("publish event", client -> client.publish(CHANNEL,
                    Json.write(cloudEvent(event))));
            log.debug("event {} {} published to {} subscriber(s)", event.type(), event.id(), receivers);
        } catch (IllegalStateException e) {
            throw new DependencyException("redis", true, "publish event: " + e.getMessage(), e);
        }
    }

    /** The CloudEvents 1.0 JSON form of {@code event}. */
    static Map<String, Object> cloudEvent(DomainEvent event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("specversion", "1.0");
        json.put("id", event.id());
        json.put("source", SOURCE);
        json.put("type", event.type());
        json.put("subject", event.subject());
        json.put("time", event.time().toString());
        json.put("datacontenttype", "application/json");
        json.put("data", event.data());
        return json;
    }
}
