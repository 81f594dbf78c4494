package com.aisaas.functions;

import com.aisaas.auth.Authenticator;
import com.aisaas.auth.Caller;
import com.aisaas.common.ConflictException;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.common.UnprocessableException;
import com.aisaas.idempotency.IdempotencyStore;
import com.aisaas.idempotency.StoredResponse;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Doubles of the request guards for pipeline and function tests. */
final class ApiFakes {

    static final String ALICE = "Bearer alice-token";

    private ApiFakes() {
    }

    /** Accepts {@code Bearer <name>-token} as the caller {@code <name>} of tenant {@code t1}. */
    static final class Tokens implements Authenticator {
        @Override
        public Caller authenticate(String header) {
            if (header == null) {
                throw new UnauthorizedException(null, "A bearer token is required.");
            }
            if (!header.startsWith("Bearer ") || !header.endsWith("-token")) {
                throw new UnauthorizedException("invalid_token", "The token is not valid.");
            }
            String name = header.substring("Bearer ".length(), header.length() - "-token".length());
            return new Caller(name, "t1", Set.of(Caller.USER));
        }
    }

    static final class Limiter implements RateLimiter {
        RateLimitDecision next = new RateLimitDecision(true, 100, 99, 60, 0, false);
        String lastKey;

        @Override
        public RateLimitDecision acquire(String callerKey, Instant now) {
            lastKey = callerKey;
            return next;
        }
    }

    /** The contract of {@link IdempotencyStore} in memory. */
    static final class Keys implements IdempotencyStore {
        record Entry(String fingerprint, StoredResponse response) {
        }

        final Map<String, Entry> entries = new HashMap<>();

        @Override
        public synchronized Optional<StoredResponse> begin(String scope, String key, String fingerprint, Instant now) {
            Entry entry = entries.get(scope + "|" + key);
            if (entry == null) {
                entries.put(scope + "|" + key, new Entry(fingerprint, null));
                return Optional.empty();
            }
            if (!entry.fingerprint().equals(fingerprint)) {
                throw new UnprocessableException("This Idempotency-Key was used with a different request.");
            }
            if (entry.response() == null) {
                throw new ConflictException("A request with this Idempotency-Key is in progress.");
            }
            return Optional.of(entry.response());
        }

        @Override
        public synchronized void complete(String scope, String key, String fingerprint, StoredResponse response,
                                          Instant now) {
            entries.put(scope + "|" + key, new Entry(fingerprint, response));
        }

        @Override
        public synchronized void release(String scope, String key) {
            entries.remove(scope + "|" + key);
        }
    }

    static Http.Pipeline pipeline(Limiter limiter, Keys keys) {
        Tokens tokens = new Tokens();
        return new Http.Pipeline(() -> tokens, () -> limiter, () -> keys,
                Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC));
    }

    static Http.Pipeline pipeline() {
        return pipeline(new Limiter(), new Keys());
    }
}
