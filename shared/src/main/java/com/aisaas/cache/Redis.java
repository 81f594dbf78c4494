package com.aisaas.cache;

import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.RedisSettings;
import com.aisaas.resilience.BreakerSettings;
import com.aisaas.resilience.CircuitBreaker;
import com.aisaas.resilience.ProbeScheduler;
import com.aisaas.secrets.SecretResolver;
import com.azure.identity.DefaultAzureCredential;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.authentication.core.TokenAuthConfig;
import redis.clients.authentication.entraid.AzureTokenAuthConfigBuilder;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultRedisCredentials;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisCredentials;
import redis.clients.jedis.authentication.AuthXManager;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The process's Redis client (Jedis {@link RedisClient} with a pool of REDIS_POOL_MAX_SIZE connections), built once from REDIS_URL:
 * {@code rediss://} means TLS; REDIS_TIMEOUT_MS bounds connect, read and waiting for a pooled connection.
 *
 * <p>Authentication: REDIS_AUTH_MODE=password uses the secret {@code redis-password} (setting REDIS_PASSWORD,
 * Key Vault when configured), asked for on every new connection so that rotation needs no restart; an empty
 * password means no AUTH (local redis-server). REDIS_AUTH_MODE=entra uses Microsoft Entra ID tokens from
 * DefaultAzureCredential through {@code redis-authx-entraid} (scope {@value #ENTRA_SCOPE}); the token's object
 * id is the Redis user, and tokens are renewed before they expire.
 *
 * <p>Fail fast: {@link #execute} goes through a {@link CircuitBreaker}. A command that times out (Redis frozen or
 * unreachable without a refusal) opens it at once, CIRCUIT_FAILURE_THRESHOLD refused connections in a row too; while
 * it is open every command fails at once without touching the network, so the features that fail open (rate limits,
 * cache, events) do so immediately, and a background PING on a fresh connection every CIRCUIT_PROBE_INTERVAL_MS
 * closes it again as soon as Redis answers.
 */
public final class Redis implements AutoCloseable {

    public static final String COMPONENT = "redis";
    static final String ENTRA_SCOPE = "https://redis.azure.com/.default";

    private static final Logger log = LoggerFactory.getLogger(Redis.class);

    private final RedisClient client;
    private final HostAndPort address;
    private final JedisClientConfig clientConfig;
    private final CircuitBreaker breaker;

    Redis(RedisClient client, HostAndPort address, JedisClientConfig clientConfig) {
        this(client, address, clientConfig, BreakerSettings.DISABLED, Clock.systemUTC());
    }

    Redis(RedisClient client, HostAndPort address, JedisClientConfig clientConfig, BreakerSettings breaker,
          Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.address = Objects.requireNonNull(address, "address");
        this.clientConfig = Objects.requireNonNull(clientConfig, "clientConfig");
        this.breaker = new CircuitBreaker(COMPONENT, breaker, clock, this::probe, ProbeScheduler.shared());
    }

    /**
     * Builds the client; connections are opened on first use.
     *
     * @param credential supplies DefaultAzureCredential for REDIS_AUTH_MODE=entra (called only in that mode)
     */
    public static Redis connect(RedisSettings settings, SecretResolver secrets,
                                Supplier<DefaultAzureCredential> credential) {
        return connect(settings, secrets, credential, BreakerSettings.DISABLED, Clock.systemUTC());
    }

    /** As {@link #connect(RedisSettings, SecretResolver, Supplier)}, with a circuit breaker in front of commands. */
    public static Redis connect(RedisSettings settings, SecretResolver secrets,
                                Supplier<DefaultAzureCredential> credential, BreakerSettings breaker, Clock clock) {
        int timeout = (int) settings.timeout().toMillis();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeout)
                .socketTimeoutMillis(timeout)
                .ssl(settings.tls())
                .database(settings.database())
                .clientName("aisaas-functions");
        if (settings.authMode() == AuthMode.ENTRA) {
            config.authXManager(entraAuth(credential.get(), timeout));
        } else {
            Optional<RedisCredentials> initial = credentials(settings, secrets);
            if (initial.isPresent()) {
                config.credentialsProvider(() -> credentials(settings, secrets).orElse(initial.get()));
            }
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolMaxSize());
        pool.setMaxIdle(settings.poolMaxSize());
        pool.setMinIdle(0);
        pool.setMaxWait(Duration.ofMillis(timeout));
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        RedisClient client;
        HostAndPort address = new HostAndPort(settings.host(), settings.port());
        JedisClientConfig clientConfig = config.build();
        try {
            // In entra mode this blocks for the first token (AuthXManager starts with the connection factory).
            client = RedisClient.builder()
                    .hostAndPort(address)
                    .clientConfig(clientConfig)
                    .poolConfig(pool)
                    .build();
        } catch (JedisException e) {
            throw translate(e, "connect");
        }
        log.info("redis client for {}:{} (tls={}, auth={})", settings.host(), settings.port(), settings.tls(),
                settings.authMode().name().toLowerCase(java.util.Locale.ROOT));
        return new Redis(client, address, clientConfig, breaker, clock);
    }

    /**
     * The secret {@code redis-password}, else a password in the URL's user info ({@code redis://user:pw@host});
     * the user comes from the user info when one is given (Redis ACL), else the default user.
     */
    static Optional<RedisCredentials> credentials(RedisSettings settings, SecretResolver secrets) {
        String userInfo = settings.url().getUserInfo();
        String user = null;
        String urlPassword = null;
        if (userInfo != null && !userInfo.isEmpty()) {
            String[] parts = userInfo.split(":", 2);
            user = parts[0].isEmpty() ? null : parts[0];
            urlPassword = parts.length == 2 && !parts[1].isEmpty() ? parts[1] : null;
        }
        String fromUrl = urlPassword;
        Optional<String> password = secrets.find("redis-password").or(() -> Optional.ofNullable(fromUrl));
        String finalUser = user;
        return password.map(p -> new DefaultRedisCredentials(finalUser, p));
    }

    private static AuthXManager entraAuth(DefaultAzureCredential credential, int timeoutMs) {
        TokenAuthConfig tokenConfig = AzureTokenAuthConfigBuilder.builder()
                .defaultAzureCredential(credential)
                .scopes(Set.of(ENTRA_SCOPE))
                .tokenRequestExecTimeoutInMs(Math.max(timeoutMs, 5000))
                .build();
        return new AuthXManager(tokenConfig);
    }

    /** The Jedis client, for the features (rate limits, idempotency keys, cache, pub/sub). */
    public RedisClient client() {
        return client;
    }

    /**
     * Runs {@code command} on the client and translates Jedis failures to {@link DependencyException}
     * ("redis", retryable: a connection or timeout problem heals; a rejected command does not).
     */
    public <T> T execute(String operation, Function<RedisClient, T> command) {
        breaker.acquire();
        T result;
        try {
            result = command.apply(client);
        } catch (JedisException e) {
            DependencyException failure = translate(e, operation);
            if (failure.retryable()) {
                breaker.onFailure(timedOut(e));
            } else {
                breaker.onSuccess();
            }
            throw failure;
        } catch (RuntimeException e) {
            breaker.onSuccess(); // not a Redis failure (e.g. a reply the caller could not use)
            throw e;
        }
        breaker.onSuccess();
        return result;
    }

    /** The circuit breaker in front of {@link #execute} (for health details and tests). */
    public CircuitBreaker breaker() {
        return breaker;
    }

    /** PING on a connection of its own (not the pool), for the breaker's recovery probe. */
    private void probe() {
        try (Connection connection = new Connection(address, clientConfig)) {
            if (!connection.ping()) {
                throw new DependencyException(COMPONENT, true, "probe: PING was not answered PONG");
            }
        }
    }

    /** A wait that ran out: a socket read or connect timeout, or no pooled connection within the timeout. */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.NoSuchElementException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A new connection of its own, outside the pool, with the pool's settings and authentication: for a subscriber,
     * which holds its connection for good and must never hand a connection in pub/sub state back to the pool. The
     * caller closes it (which also ends a subscription blocked on it).
     */
    public Connection dedicatedConnection() {
        try {
            return new Connection(address, clientConfig);
        } catch (JedisException e) {
            throw translate(e, "connect");
        }
    }

    /**
     * PING; throws {@link DependencyException} when Redis does not answer PONG. A health check is a probe of its own:
     * it asks Redis even while the circuit is open, and its outcome closes (or keeps open) the circuit.
     */
    public void ping() {
        String answer;
        try {
            answer = client.ping();
        } catch (JedisException e) {
            DependencyException failure = translate(e, "ping");
            if (failure.retryable()) {
                breaker.onFailure(timedOut(e));
            }
            throw failure;
        }
        breaker.onSuccess();
        if (!"PONG".equalsIgnoreCase(answer)) {
            throw new DependencyException(COMPONENT, true, "ping answered " + answer);
        }
    }

    static DependencyException translate(JedisException e, String operation) {
        boolean retryable = e instanceof redis.clients.jedis.exceptions.JedisConnectionException
                || timedOut(e);
        if (e instanceof redis.clients.jedis.exceptions.JedisAccessControlException) {
            retryable = false;
        } else if (e instanceof redis.clients.jedis.authentication.JedisAuthenticationException) {
            retryable = true; // Entra ID token could not be obtained (yet): identity endpoint or role assignment
        }
        return new DependencyException(COMPONENT, retryable, operation + " failed: " + summary(e), e);
    }

    private static String summary(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            text.append(": ").append(e.getMessage());
        }
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            text.append(" (").append(e.getCause().getMessage()).append(')');
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text.toString();
    }

    @Override
    public void close() {
        client.close();
    }
}
