package com.aisaas.functions;

import com.aisaas.auth.Authenticator;
import com.aisaas.auth.Caller;
import com.aisaas.auth.Role;
import com.aisaas.common.ConflictException;
import com.aisaas.common.ForbiddenException;
import com.aisaas.common.UnauthorizedException;
import com.aisaas.common.UnprocessableException;
import com.aisaas.idempotency.IdempotencyStore;
import com.aisaas.idempotency.StoredResponse;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.ratelimit.RateLimiter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Doubles of the request guards for pipeline and function tests. */
final class ApiFakes {

    static final String ALICE = "Bearer alice-token";

    private ApiFakes() {
    }

    /** The bearer header of a token that {@link Tokens} reads as {@code caller}. */
    static String bearer(Caller caller) {
        return "Bearer " + caller.subject() + "@" + caller.tenantId() + "/" + caller.roles().stream()
                .map(Role::claimValue).sorted().collect(Collectors.joining(",")) + "-token";
    }

    /**
     * Accepts {@code Bearer <sub>[@<tenant>][/<role>,<role>]-token} as that caller (tenant {@code t1} and role
     * {@code user} when not named); a role that is not one of {@link Role} grants nothing (403), as in the app.
     */
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
            Set<Role> roles = EnumSet.of(Role.USER);
            int slash = name.indexOf('/');
            if (slash >= 0) {
                roles = EnumSet.noneOf(Role.class);
                for (String role : name.substring(slash + 1).split(",")) {
                    Role.fromClaim(role).ifPresent(roles::add);
                }
                name = name.substring(0, slash);
            }
            if (roles.isEmpty()) {
                throw new ForbiddenException("the token grants none of the roles user, tenant-admin, operator");
            }
            int at = name.indexOf('@');
            return at < 0 ? new Caller(name, "t1", roles) : new Caller(name.substring(0, at), name.substring(at + 1),
                    roles);
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
        return pipeline(AccessRules.standard(), limiter, keys);
    }

    static Http.Pipeline pipeline(AccessRules rules, Limiter limiter, Keys keys) {
        Tokens tokens = new Tokens();
        return new Http.Pipeline(rules, () -> tokens, () -> limiter, () -> keys,
                Clock.fixed(Instant.parse("2025-05-01T12:00:00Z"), ZoneOffset.UTC));
    }

    static Http.Pipeline pipeline() {
        return pipeline(new Limiter(), new Keys());
    }
}
