package com.aisaas.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.cache.Redis;
import com.aisaas.common.DependencyException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.config.RateLimitSettings;
import com.aisaas.config.RedisSettings;
import com.aisaas.db.Database;
import com.aisaas.db.SqlErrors;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.ratelimit.RateLimitDecision;
import com.aisaas.ratelimit.RedisRateLimiter;
import com.aisaas.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A dependency that goes away while the app runs, with servers of the test's own (never the shared ones): Redis frozen
 * with SIGSTOP (silent, not refusing) and PostgreSQL stopped. Asserts behaviour, not timing: once the circuit is open,
 * calls are answered without reaching the dependency, and the background probe closes the circuit once it is back.
 */
class DependencyOutageIT {

    /** Long enough that no trial call can slip in while the test makes its calls, however slow the machine. */
    private static final BreakerSettings BREAKER =
            new BreakerSettings(true, 3, Duration.ofSeconds(60), Duration.ofMillis(100));

    private static SecretResolver secrets(Map<String, String> env) {
        return new SecretResolver(env, Optional.empty(), Duration.ZERO, uri -> {
            throw new AssertionError("no vault in tests");
        }, Clock.systemUTC());
    }

    @Test
    void redisFrozen_opensTheCircuitOnTheFirstTimeout_thenRateLimitingFailsOpenWithoutTouchingRedis_andRecovers()
            throws Exception {
        try (LocalServices own = LocalServices.start(LocalServices.Options.defaults().services(Service.REDIS));
             Redis redis = Redis.connect(new RedisSettings(URI.create(own.redis().url()), AuthMode.PASSWORD,
                     Duration.ofMillis(300)), secrets(Map.of()), () -> {
                         throw new AssertionError("no credential in password mode");
                     }, BREAKER, Clock.systemUTC())) {
            RedisRateLimiter limiter = new RedisRateLimiter(() -> redis, new RateLimitSettings(100),
                    new SimpleMeterRegistry(), Clock.systemUTC());
            assertThat(limiter.acquire("t:u", Instant.now()).degraded()).isFalse();
            long pid = redisPid(redis);

            signal("STOP", pid);
            try {
                RateLimitDecision first = limiter.acquire("t:u", Instant.now()); // waits out one socket timeout
                assertThat(first.degraded()).isTrue();
                assertThat(redis.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);

                long permitted = redis.breaker().permittedCalls();
                long rejected = redis.breaker().rejectedCalls();
                for (int i = 0; i < 50; i++) {
                    assertThat(limiter.acquire("t:u" + i, Instant.now()).degraded()).isTrue();
                }
                assertThat(redis.breaker().permittedCalls()).as("commands sent to the frozen Redis").isEqualTo(permitted);
                assertThat(redis.breaker().rejectedCalls() - rejected).isEqualTo(50);
                assertThatThrownBy(() -> redis.execute("get", c -> c.get("k")))
                        .isInstanceOfSatisfying(CircuitOpenException.class,
                                e -> assertThat(e.retryAfter()).isPresent());
            } finally {
                signal("CONT", pid);
            }

            await(() -> redis.breaker().state() == CircuitBreaker.State.CLOSED);
            assertThat(limiter.acquire("t:after", Instant.now()).degraded()).isFalse();
        }
    }

    @Test
    void postgresStopped_requestsFailFastOnceTheCircuitOpens_backgroundWorkWaitsThroughTheOutage_andBothRecover()
            throws Exception {
        withOwnPostgres(3, Duration.ofMillis(500), (postgres, breaker, requests) -> {
            Database background = requests.withBudget(Budget.background(Duration.ofSeconds(120)));
            assertThat(selectOne(requests)).isEqualTo(1);

            postgres.stop();
            assertThatThrownBy(() -> selectOne(requests)).isInstanceOfSatisfying(DependencyException.class,
                    e -> assertThat(e.retryable()).isTrue());
            assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);

            long permitted = breaker.permittedCalls();
            AtomicInteger workRuns = new AtomicInteger();
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> requests.inTransaction(c -> workRuns.incrementAndGet()))
                        .isInstanceOfSatisfying(CircuitOpenException.class,
                                e -> assertThat(e.retryAfter()).isPresent());
            }
            assertThat(breaker.permittedCalls()).as("attempts that reached the pool").isEqualTo(permitted);
            assertThat(workRuns).hasValue(0);

            // background work (the blob trigger's processing) started during the outage waits for PostgreSQL
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> selectOne(background));
            postgres.start();

            assertThat(waiting.get(120, TimeUnit.SECONDS)).isEqualTo(1);
            await(() -> breaker.state() == CircuitBreaker.State.CLOSED);
            assertThat(selectOne(requests)).isEqualTo(1);
        });
    }

    @Test
    void postgresFrozen_underAStatementInFlight_failsItAtTheSocketTimeout_andOpensTheCircuit() throws Exception {
        withOwnPostgres(3, Duration.ofMillis(500), (postgres, breaker, requests) -> {
            Queue<Long> frozen = new ConcurrentLinkedQueue<>();
            try {
                // the server process of the request's own connection stops answering mid-transaction: silent,
                // nothing refused (a frozen or partitioned server)
                CompletableFuture<Integer> request = CompletableFuture.supplyAsync(() -> requests.inTransaction(c -> {
                    long backend;
                    try (ResultSet pid = c.createStatement().executeQuery("select pg_backend_pid()")) {
                        pid.next();
                        backend = pid.getLong(1);
                    }
                    frozen.add(backend);
                    try {
                        signal("STOP", backend);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    try (ResultSet one = c.createStatement().executeQuery("select 1")) {
                        one.next();
                        return one.getInt(1);
                    }
                }));

                // a bound far above the runtime role's 10 s socket timeout: this detects a read that never ends
                assertThatThrownBy(() -> request.get(5, TimeUnit.MINUTES)).hasCauseInstanceOf(
                        DependencyException.class);
                assertThat(breaker.state()).as("a read that timed out opens the circuit at once")
                        .isEqualTo(CircuitBreaker.State.OPEN);
            } finally {
                for (long pid : frozen) {
                    signal("CONT", pid);
                }
            }
            await(() -> breaker.state() == CircuitBreaker.State.CLOSED);
            assertThat(selectOne(requests)).isEqualTo(1);
        });
    }

    @Test
    void aPoolBusyWithBackgroundWork_doesNotOpenTheCircuitThatRequestsSee() throws Exception {
        withOwnPostgres(2, Duration.ofMillis(300), (postgres, breaker, requests) -> {
            Database background = requests.withBudget(Budget.background(Duration.ofSeconds(1)));
            assertThat(selectOne(requests)).isEqualTo(1);

            // every pooled connection busy (as under a burst of blob processing), PostgreSQL well
            try (Connection first = requests.dataSource().getConnection();
                 Connection second = requests.dataSource().getConnection()) {
                assertThatThrownBy(() -> selectOne(background)).isInstanceOfSatisfying(DependencyException.class,
                        e -> assertThat(SqlErrors.isPoolWait(e)).as("a wait for the pool, nothing else").isTrue());
                assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
            }
            assertThat(selectOne(requests)).isEqualTo(1);
            assertThat(breaker.rejectedCalls()).isZero();
        });
    }

    private static int selectOne(Database database) {
        return database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select 1");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    /** The PID of the redis-server this test started, from its own INFO. */
    private static long redisPid(Redis redis) {
        String info = redis.execute("info server", c -> c.info("server"));
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("process_id:")) {
                return Long.parseLong(line.substring("process_id:".length()).trim());
            }
        }
        throw new AssertionError("INFO server has no process_id");
    }

    /** What a test does with a PostgreSQL of its own: the server, the breaker and the request path's database. */
    @FunctionalInterface
    private interface OwnPostgres {
        void run(LocalPostgres postgres, CircuitBreaker breaker, Database requests) throws Exception;
    }

    /**
     * Starts a PostgreSQL for this test alone, connects the runtime role to it ({@code poolSize} connections), puts a
     * breaker in front with the request path's 2 s budget, runs {@code test}, and stops the server.
     */
    private static void withOwnPostgres(int poolSize, Duration connectionTimeout, OwnPostgres test) throws Exception {
        try (LocalServices own = LocalServices.start(LocalServices.Options.defaults().services(Service.POSTGRES))) {
            LocalPostgres postgres = own.postgres();
            DatabaseSettings settings = new DatabaseSettings(postgres.jdbcUrl(), LocalPostgres.RUNTIME_ROLE,
                    AuthMode.PASSWORD, Optional.empty(), poolSize, 0, connectionTimeout, 4, Duration.ofMillis(50),
                    false, LocalPostgres.MAINTENANCE_ROLE, Optional.empty());
            Database plain = Database.connect(settings, secrets(Map.of("DB_PASSWORD", postgres.password())),
                    new SimpleMeterRegistry(), Optional.empty(), Clock.systemUTC());
            CircuitBreaker breaker = new CircuitBreaker(Database.COMPONENT, BREAKER, Clock.systemUTC(), plain.probe(),
                    ProbeScheduler.shared());
            try (Database requests = plain.guarded(breaker, Budget.request(Duration.ofSeconds(2)))) {
                test.run(postgres, breaker, requests);
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
