package com.aisaas.idempotency;

import com.aisaas.cache.Redis;
import com.aisaas.cache.RedisFailOpen;
import com.aisaas.cache.RedisScript;
import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Json;
import com.aisaas.common.UnprocessableException;
import com.aisaas.common.ValidationException;
import com.aisaas.config.IdempotencySettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.params.SetParams;

/**
 * Idempotency keys in Redis under {@code idem:<scope>:<key>} (':' and '%' in the scope are percent-encoded,
 * so two scopes never share a key). A key is in one of two states:
 * <ul>
 *   <li>in flight: {@code inflight|<fingerprint>}, set only if absent, expiring after IDEMPOTENCY_LEASE_SECONDS
 *       (a request that died without {@link #release} frees its key by then);</li>
 *   <li>completed: {@code done|<json of fingerprint and response>}, kept IDEMPOTENCY_TTL_HOURS.</li>
 * </ul>
 * {@link #begin} claims or reads the key in one Lua script. A key used with another fingerprint is
 * {@link UnprocessableException} (422) in either state; the same request while the first still runs is
 * {@link ConflictException} (409).
 *
 * <p>When Redis fails, {@link #begin} refuses the request with a retryable {@link DependencyException} (503 +
 * Retry-After; at once while Redis's circuit is open): a request that carries an Idempotency-Key is never run without
 * the key's protection, since a client retry could then run it twice. {@link #complete} and {@link #release} do
 * nothing when Redis fails (the in-flight marker then expires after IDEMPOTENCY_LEASE_SECONDS). Each failure counts
 * in {@code idempotency_fail_open_total} and is logged as a warning at most every 30 seconds.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    public static final int MAX_KEY_LENGTH = 255;
    static final String KEY_PREFIX = "idem:";
    static final String FAIL_OPEN_COUNTER = "idempotency.fail.open";
    private static final String IN_FLIGHT = "inflight|";
    private static final String DONE = "done|";
    private static final int MAX_FINGERPRINT_LENGTH = 512;

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);

    // KEYS[1]; ARGV: the in-flight value, lease (ms). Returns the existing value, or nil after claiming the key.
    private static final RedisScript BEGIN = new RedisScript("""
            local existing = redis.call('GET', KEYS[1])
            if existing then return existing end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return false
            """);

    // KEYS[1]. Deletes the key only while it is in flight (a completed response stays). Returns 1 if deleted.
    private static final RedisScript RELEASE = new RedisScript("""
            local existing = redis.call('GET', KEYS[1])
            if existing and string.sub(existing, 1, 9) == 'inflight|' then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final Supplier<Redis> redis;
    private final IdempotencySettings settings;
    private final RedisFailOpen failOpen;

    /** @param redis the client, asked on each call (a client that failed to build is retried next time) */
    public RedisIdempotencyStore(Supplier<Redis> redis, IdempotencySettings settings, MeterRegistry registry,
                                 Clock clock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.failOpen = new RedisFailOpen(log, "idempotency", registry, FAIL_OPEN_COUNTER,
                RedisFailOpen.DEFAULT_WARN_INTERVAL, clock);
    }

    @Override
    public Optional<StoredResponse> begin(String scope, String key, String fingerprint, Instant now) {
        String redisKey = redisKey(scope, key);
        checkFingerprint(fingerprint);
        Object existing;
        try {
            existing = redis.get().execute("idempotency begin", client -> BEGIN.run(client, List.of(redisKey),
                    List.of(IN_FLIGHT + fingerprint, Long.toString(settings.lease().toMillis()))));
        } catch (DependencyException e) {
            failOpen.record("idempotency begin", e);
            throw new DependencyException(Redis.COMPONENT, true,
                    "idempotency keys are unavailable; a request with an Idempotency-Key is not run without them", e,
                    e.retryAfter().orElse(null));
        }
        if (existing == null) {
            return Optional.empty();
        }
        String value = existing.toString();
        if (value.startsWith(IN_FLIGHT)) {
            if (!value.substring(IN_FLIGHT.length()).equals(fingerprint)) {
                throw mismatch();
            }
            throw new ConflictException("a request with this Idempotency-Key is still being processed;"
                    + " retry later");
        }
        Completed completed = parse(value);
        if (completed == null) {
            return Optional.empty(); // unreadable entry (another version wrote it): run the request again
        }
        if (!completed.fingerprint().equals(fingerprint)) {
            throw mismatch();
        }
        return Optional.of(completed.response());
    }

    @Override
    public void complete(String scope, String key, String fingerprint, StoredResponse response, Instant now) {
        String redisKey = redisKey(scope, key);
        checkFingerprint(fingerprint);
        Objects.requireNonNull(response, "response");
        String value = DONE + Json.write(new Completed(fingerprint, response));
        try {
            redis.get().execute("idempotency complete", client -> client.set(redisKey, value,
                    SetParams.setParams().px(settings.ttl().toMillis())));
        } catch (DependencyException e) {
            failOpen.record("idempotency complete", e);
        }
    }

    @Override
    public void release(String scope, String key) {
        String redisKey = redisKey(scope, key);
        try {
            redis.get().execute("idempotency release", client -> RELEASE.run(client, List.of(redisKey), List.of()));
        } catch (DependencyException e) {
            failOpen.record("idempotency release", e);
        }
    }

    /** {@code idem:<scope>:<key>}; validates the client's key (400 for a bad one). */
    static String redisKey(String scope, String key) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("scope is required");
        }
        validateKey(key);
        return KEY_PREFIX + scope.replace("%", "%25").replace(":", "%3A") + ":" + key;
    }

    /** An Idempotency-Key is 1..255 characters without control characters. */
    public static void validateKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new ValidationException("the Idempotency-Key header is empty");
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw new ValidationException("the Idempotency-Key header is longer than " + MAX_KEY_LENGTH
                    + " characters");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationException("the Idempotency-Key header contains control characters");
        }
    }

    private static void checkFingerprint(String fingerprint) {
        if (fingerprint == null || fingerprint.isEmpty() || fingerprint.length() > MAX_FINGERPRINT_LENGTH) {
            throw new IllegalArgumentException("fingerprint must have 1.." + MAX_FINGERPRINT_LENGTH + " characters");
        }
    }

    private static UnprocessableException mismatch() {
        return new UnprocessableException("this Idempotency-Key was already used for a different request");
    }

    private static Completed parse(String value) {
        if (!value.startsWith(DONE)) {
            return null;
        }
        try {
            Completed completed = Json.mapper().readValue(value.substring(DONE.length()), Completed.class);
            return completed.fingerprint() == null || completed.response() == null ? null : completed;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            log.warn("ignoring an unreadable idempotency entry: {}", e.getClass().getSimpleName());
            return null;
        }
    }

    double failOpenCount() {
        return failOpen.count();
    }

    record Completed(String fingerprint, StoredResponse response) {
        Completed {
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }
}
