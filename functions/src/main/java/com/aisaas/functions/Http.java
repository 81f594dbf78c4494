package com.aisaas.functions;

import com.aisaas.app.AppContext;
import com.aisaas.auth.Authenticator;
import com.aisaas.auth.Caller;
import com.aisaas.common.ClientErrorException;
import com.aisaas.common.ForbiddenException;
import com.aisaas.common.Json;
import com.aisaas.common.Problem;
import com.aisaas.common.ProblemResponse;
import com.aisaas.common.Problems;
import com.aisaas.common.TooManyRequestsException;
import com.aisaas.files.Actor;
import com.aisaas.idempotency.IdempotencyStore;
import com.aisaas.idempotency.StoredResponse;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.ratelimit.RateLimiter;
import com.aisaas.telemetry.Invocations;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The one place where HTTP functions meet shared: runs the call inside {@link Invocations#run} (MDC with the
 * invocation id, timer, error counter, one log line), writes results as JSON strings and maps every
 * exception to an RFC 9457 problem (never a stack trace).
 *
 * <p>Every HTTP function has its row in {@link AccessRules}, checked before any work: API functions (files and
 * admin) go through {@link Pipeline}: bearer authentication, the route's roles (403 otherwise), the per-caller rate
 * limit, {@code Idempotency-Key} on POST, then the endpoint; every response carries {@code X-Request-Id} (the
 * invocation id) and, once the caller is allowed, the {@code RateLimit-*} headers. Health and metrics functions go
 * through {@link #respond}, which serves only anonymous and function-key rows.
 */
final class Http {

    static final String JSON = "application/json";
    static final String CONTENT_TYPE = "Content-Type";
    static final String RETRY_AFTER = "Retry-After";
    static final String CACHE_CONTROL = "Cache-Control";
    static final String REQUEST_ID = "X-Request-Id";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";
    static final String ETAG = "ETag";
    static final String LOCATION = "Location";
    /** Where the files API lives for clients (host.json's route prefix {@code api} + the routes). */
    static final String FILES_PATH = "/api/v1/files";

    private Http() {
    }

    /**
     * Runs {@code work} as invocation {@code ctx.getInvocationId()} of {@code functionName}; an exception
     * becomes a problem+json response.
     */
    static HttpResponseMessage respond(String functionName, HttpRequestMessage<?> request, ExecutionContext ctx,
                                       Supplier<HttpResponseMessage> work) {
        String invocationId = ctx == null ? null : ctx.getInvocationId();
        try {
            AccessRules.standard().requireWithoutToken(functionName);
            return Invocations.run(functionName, invocationId, work);
        } catch (RuntimeException e) {
            return problem(request, e, invocationId);
        }
    }

    /** {@code body} as JSON with {@code status}; {@code headers} are name/value pairs. */
    static HttpResponseMessage json(HttpRequestMessage<?> request, HttpStatusType status, Object body,
                                    String... headers) {
        return text(request, status, Json.write(body), JSON, headers);
    }

    static HttpResponseMessage text(HttpRequestMessage<?> request, HttpStatusType status, String body,
                                    String contentType, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers must be name/value pairs");
        }
        HttpResponseMessage.Builder builder = request.createResponseBuilder(status)
                .header(CONTENT_TYPE, contentType);
        for (int i = 0; i < headers.length; i += 2) {
            builder = builder.header(headers[i], headers[i + 1]);
        }
        return builder.body(body).build();
    }

    static HttpResponseMessage problem(HttpRequestMessage<?> request, Throwable error, String invocationId) {
        return problem(request, error, invocationId, Map.of());
    }

    /** The problem for {@code error}, with {@code extra} headers (request id, rate limit) under the error's own. */
    static HttpResponseMessage problem(HttpRequestMessage<?> request, Throwable error, String invocationId,
                                       Map<String, String> extra) {
        StoredResponse response = problemResponse(request, error, invocationId);
        return build(request, response.status(), merge(extra, response.headers()), response.body());
    }

    /** The header {@code name} of {@code request}, whatever the case of its key (the host sends lower case). */
    static String header(HttpRequestMessage<?> request, String name) {
        Map<String, String> headers = request.getHeaders();
        if (headers == null) {
            return null;
        }
        String value = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private static StoredResponse problemResponse(HttpRequestMessage<?> request, Throwable error, String invocationId) {
        String path = request.getUri() == null ? null : request.getUri().getPath();
        ProblemResponse response = Problems.from(error, path, invocationId);
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put(CONTENT_TYPE, Problem.MEDIA_TYPE);
        headers.putIfAbsent(CACHE_CONTROL, "no-store");
        return new StoredResponse(response.status(), headers, Json.write(response.problem()));
    }

    private static HttpResponseMessage build(HttpRequestMessage<?> request, int status, Map<String, String> headers,
                                             Object body) {
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatus.valueOf(status));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            builder = builder.header(header.getKey(), header.getValue());
        }
        if (body != null) {
            builder = builder.body(body);
        }
        return builder.build();
    }

    private static Map<String, String> merge(Map<String, String> first, Map<String, String> second) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }

    /** What an API endpoint answers: status, headers and a body (a JSON string, bytes, or null). */
    record Reply(int status, Map<String, String> headers, Object body) {

        Reply {
            headers = headers == null ? Map.of() : Map.copyOf(headers);
        }

        static Reply json(int status, Object value, String... headers) {
            Map<String, String> map = pairs(headers);
            map.put(CONTENT_TYPE, JSON);
            return new Reply(status, map, Json.write(value));
        }

        static Reply empty(int status, String... headers) {
            return new Reply(status, pairs(headers), null);
        }

        static Reply bytes(int status, byte[] body, String contentType, String... headers) {
            Map<String, String> map = pairs(headers);
            map.put(CONTENT_TYPE, contentType);
            return new Reply(status, map, body);
        }

        private static Map<String, String> pairs(String... headers) {
            if (headers.length % 2 != 0) {
                throw new IllegalArgumentException("headers must be name/value pairs");
            }
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < headers.length; i += 2) {
                map.put(headers[i], headers[i + 1]);
            }
            return map;
        }
    }

    /** An authenticated API request whose caller the route's {@link AccessRules} row allows. */
    record Call(HttpRequestMessage<?> request, Caller caller, Actor actor, String requestId) {

        String header(String name) {
            return Http.header(request, name);
        }

        /** The query parameter {@code name} (the host omits empty ones), or null. */
        String query(String name) {
            Map<String, String> query = request.getQueryParameters();
            return query == null ? null : query.get(name);
        }

        Map<String, String> queryParameters() {
            Map<String, String> query = request.getQueryParameters();
            return query == null ? Map.of() : query;
        }

        /** The body as String (JSON functions) or byte[] (binary functions), or null. */
        Object body() {
            Object body = request.getBody();
            if (body instanceof Optional<?> optional) {
                return optional.orElse(null);
            }
            return body;
        }
    }

    /** An API endpoint: the work after authentication, authorization, rate limiting and idempotency. */
    @FunctionalInterface
    interface Endpoint {
        Reply handle(Call call);
    }

    /** Authentication, authorization, rate limit and idempotency in front of every API endpoint. */
    static final class Pipeline {

        private static final Pipeline STANDARD = new Pipeline(AccessRules.standard(),
                () -> AppContext.get().authenticator(), () -> AppContext.get().rateLimiter(),
                () -> AppContext.get().idempotencyStore(), Clock.systemUTC());

        private final AccessRules rules;
        private final Supplier<Authenticator> authenticator;
        private final Supplier<RateLimiter> rateLimiter;
        private final Supplier<IdempotencyStore> idempotency;
        private final Clock clock;

        Pipeline(AccessRules rules, Supplier<Authenticator> authenticator, Supplier<RateLimiter> rateLimiter,
                 Supplier<IdempotencyStore> idempotency, Clock clock) {
            this.rules = Objects.requireNonNull(rules, "rules");
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
            this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The pipeline over the process's {@link AppContext} (builds nothing until the first request). */
        static Pipeline standard() {
            return STANDARD;
        }

        HttpResponseMessage run(String functionName, HttpRequestMessage<?> request, ExecutionContext ctx,
                                Endpoint endpoint) {
            String invocationId = ctx == null ? null : ctx.getInvocationId();
            String requestId = invocationId == null ? UUID.randomUUID().toString() : invocationId;
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(REQUEST_ID, requestId);
            try {
                return Invocations.run(functionName, requestId, () -> {
                    AccessRules.Roles allowed = roles(functionName);
                    Caller caller = authenticator.get().authenticate(header(request, "Authorization"));
                    if (!allowed.allows(caller)) {
                        throw new ForbiddenException("This endpoint needs the role " + allowed.describe() + ".");
                    }
                    RateLimitDecision decision = rateLimiter.get().acquire(caller.tenantId() + ":" + caller.subject(),
                            clock.instant());
                    extra.putAll(decision.headers());
                    if (!decision.allowed()) {
                        throw new TooManyRequestsException("Rate limit of " + decision.limit()
                                + " requests per minute exceeded; retry after " + Math.max(1, decision.retryAfterSeconds())
                                + " s.", decision.headers());
                    }
                    Call call = new Call(request, caller, Actor.of(caller, requestId), requestId);
                    String key = header(request, IDEMPOTENCY_KEY);
                    if (request.getHttpMethod() == HttpMethod.POST && key != null) {
                        return idempotent(functionName, call, key, endpoint, extra);
                    }
                    Reply reply = endpoint.handle(call);
                    return build(request, reply.status(), withDefaults(extra, reply.headers()), reply.body());
                });
            } catch (RuntimeException e) {
                return problem(request, e, requestId, extra);
            }
        }

        /** The roles of {@code functionName}; a missing row, or one that is not a role rule, fails closed (500). */
        private AccessRules.Roles roles(String functionName) {
            AccessRules.Rule rule = rules.of(functionName);
            if (rule instanceof AccessRules.Roles roles) {
                return roles;
            }
            throw new IllegalStateException("the function " + functionName + " is not a bearer-token function ("
                    + rule + ") but runs through the API pipeline");
        }

        /**
         * Runs a POST with an Idempotency-Key once: the first response (success or client error) is stored, and a
         * retry with the same key and the same request replays it with {@code Idempotent-Replayed: true}. A failure
         * that is not the client's (5xx) releases the key, so a retry runs the request again.
         */
        private HttpResponseMessage idempotent(String functionName, Call call, String key, Endpoint endpoint,
                                               Map<String, String> extra) {
            HttpRequestMessage<?> request = call.request();
            String scope = call.caller().tenantId() + ":" + call.caller().subject() + ":" + functionName;
            String fingerprint = fingerprint(call);
            IdempotencyStore store = idempotency.get();
            Optional<StoredResponse> replay = store.begin(scope, key, fingerprint, clock.instant());
            if (replay.isPresent()) {
                StoredResponse stored = replay.get();
                Map<String, String> headers = merge(extra, stored.headers());
                headers.put(IDEMPOTENT_REPLAYED, "true");
                return build(request, stored.status(), headers, stored.body());
            }
            StoredResponse outcome;
            try {
                Reply reply = endpoint.handle(call);
                if (reply.body() != null && !(reply.body() instanceof String)) {
                    store.release(scope, key);
                    return build(request, reply.status(), withDefaults(extra, reply.headers()), reply.body());
                }
                outcome = new StoredResponse(reply.status(), withDefaults(Map.of(), reply.headers()),
                        (String) reply.body());
            } catch (ClientErrorException e) {
                outcome = problemResponse(request, e, call.requestId());
                store.complete(scope, key, fingerprint, outcome, clock.instant());
                throw e;
            } catch (RuntimeException e) {
                store.release(scope, key);
                throw e;
            }
            store.complete(scope, key, fingerprint, outcome, clock.instant());
            return build(request, outcome.status(), merge(extra, outcome.headers()), outcome.body());
        }

        private static Map<String, String> withDefaults(Map<String, String> extra, Map<String, String> headers) {
            Map<String, String> merged = merge(extra, headers);
            merged.putIfAbsent(CACHE_CONTROL, "no-store");
            return merged;
        }

        /** SHA-256 over the method, path, query and the headers and body that define the request. */
        static String fingerprint(Call call) {
            HttpRequestMessage<?> request = call.request();
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                update(digest, String.valueOf(request.getHttpMethod()));
                update(digest, request.getUri() == null ? "" : request.getUri().getPath());
                update(digest, new java.util.TreeMap<>(call.queryParameters()).toString());
                for (String name : new String[] {CONTENT_TYPE, "X-File-Name", "X-File-Content-Type"}) {
                    update(digest, Objects.toString(call.header(name), ""));
                }
                Object body = call.body();
                if (body instanceof byte[] bytes) {
                    digest.update(bytes);
                } else if (body != null) {
                    digest.update(body.toString().getBytes(StandardCharsets.UTF_8));
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is always available", e);
            }
        }

        private static void update(MessageDigest digest, String value) {
            digest.update(value.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
    }
}
