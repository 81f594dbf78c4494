package com.aisaas.app;

import com.aisaas.auth.Authenticator;
import com.aisaas.auth.JwtAuthenticator;
import com.aisaas.backup.BackupService;
import com.aisaas.cache.MetadataCache;
import com.aisaas.cache.Redis;
import com.aisaas.cache.RedisMetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.config.AppSettings;
import com.aisaas.config.HealthSettings;
import com.aisaas.db.Database;
import com.aisaas.deadletters.DeadLetters;
import com.aisaas.events.CompositeEventPublisher;
import com.aisaas.events.EventPublisher;
import com.aisaas.events.RedisEventPublisher;
import com.aisaas.files.FileService;
import com.aisaas.files.JdbcFileRepository;
import com.aisaas.files.UploadPolicy;
import com.aisaas.health.HealthCheck;
import com.aisaas.health.HealthService;
import com.aisaas.health.SweepProbes;
import com.aisaas.idempotency.IdempotencyStore;
import com.aisaas.maintenance.BackupVerificationAlert;
import com.aisaas.maintenance.Alerts;
import com.aisaas.maintenance.AzureMaintenanceBlobs;
import com.aisaas.maintenance.HealthSweep;
import com.aisaas.maintenance.JobLock;
import com.aisaas.maintenance.MaintenanceBlobs;
import com.aisaas.maintenance.MaintenanceReports;
import com.aisaas.maintenance.Reconciliation;
import com.aisaas.maintenance.UploadSweeper;
import com.aisaas.maintenance.RetentionPurge;
import com.aisaas.idempotency.RedisIdempotencyStore;
import com.aisaas.lifecycle.LifecycleHandler;
import com.aisaas.processing.JdbcProcessingRepository;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.ratelimit.RateLimiter;
import com.aisaas.ratelimit.RedisRateLimiter;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.storage.BlobStorage;
import com.aisaas.telemetry.DomainMetrics;
import com.aisaas.telemetry.Invocations;
import com.aisaas.telemetry.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one composition root of the process. The Java worker creates a function object per invocation, so
 * functions stay cheap and get everything from {@link #get()}: the services they call, wired on first use, once,
 * thread-safely, and closed by a JVM shutdown hook. The connections those services use (PostgreSQL pools, Redis,
 * Blob Storage, the Event Grid topic, Key Vault) are built by {@link Clients}; this class wires the services on
 * top of them and hands out both.
 *
 * <p>{@link #get()} itself builds nothing and reads no setting: {@code /api/health/live} and
 * {@code /api/metrics} never build a pool or a client. The settings are read and validated on the first call
 * that needs them ({@link #settings()}, and every client below); a {@link com.aisaas.config.SettingsException}
 * names each problem. A client whose build failed (say the database was down during migrations) is built
 * again on the next call.
 */
public final class AppContext implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AppContext.class);
    /** What the readiness report says about Redis: the API keeps serving without it. */
    static final String REDIS_FAIL_OPEN_NOTE =
            "rate limiting, idempotency keys and the metadata cache fail open while Redis is down";

    private final Clock clock;
    private final Clients clients;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ExecutorService healthExecutor;

    private final Lazy<HealthService> health;
    private final Lazy<DomainMetrics> domainMetrics;
    // request guards: auth, rate limit, idempotency keys, metadata cache
    private final Lazy<Authenticator> authenticator;
    private final Lazy<RateLimiter> rateLimiter;
    private final Lazy<IdempotencyStore> idempotencyStore;
    private final Lazy<MetadataCache> metadataCache;
    // files API
    private final Lazy<FileService> files;
    private final Lazy<com.aisaas.search.SearchService> search;
    // upload processing and lifecycle events
    private final Lazy<EventPublisher> eventPublisher;
    private final Lazy<UploadProcessor> uploadProcessor;
    private final Lazy<com.aisaas.events.Outbox> outbox;
    private final Lazy<LifecycleHandler> lifecycleHandler;
    private final Lazy<DeadLetters> deadLetters;
    // backups
    private final Lazy<BackupService> backups;

    private AppContext(Map<String, String> env, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clients = new Clients(env, this.clock);
        this.healthExecutor = Executors.newCachedThreadPool(daemonThreads("health-check"));
        this.health = new Lazy<>(this::buildHealth);
        this.domainMetrics = new Lazy<>(() -> new DomainMetrics(metrics()));
        this.authenticator = new Lazy<>(() -> JwtAuthenticator.create(settings().auth(), secrets(), this.clock));
        this.rateLimiter = new Lazy<>(this::buildRateLimiter);
        this.idempotencyStore = new Lazy<>(this::buildIdempotencyStore);
        this.metadataCache = new Lazy<>(this::buildMetadataCache);
        this.files = new Lazy<>(this::buildFiles);
        this.search = new Lazy<>(() -> new com.aisaas.search.SearchService(
                new com.aisaas.search.JdbcSearchRepository(database(), settings().search().rankCandidates()),
                settings().files(), this::cursorKeys));
        this.eventPublisher = new Lazy<>(this::buildEventPublisher);
        this.outbox = new Lazy<>(() -> new com.aisaas.events.Outbox(database(), eventPublisher(), this.clock));
        // blob-triggered processing waits through a short outage (DB_BACKGROUND_BUDGET_MS) so a host try is not wasted
        this.uploadProcessor = new Lazy<>(() -> new UploadProcessor(new JdbcProcessingRepository(
                database().withBudget(settings().resilience().background())),
                clients.blobStore(), metadataCache(), UploadPolicy.from(settings().files()), outbox.get(),
                domainMetrics(), settings().processing(),
                new com.aisaas.search.TextExtractor(settings().search(), this.clock), this.clock));
        this.lifecycleHandler = new Lazy<>(() -> new LifecycleHandler(database(), metadataCache(), domainMetrics(),
                settings().processing(), this.clock));
        this.deadLetters = new Lazy<>(() -> new DeadLetters(database(), uploadProcessor(), lifecycleHandler(),
                clients.blobStore(), this.clock));
        this.backups = new Lazy<>(() -> new BackupService(maintenanceDatabase(), blobStorage().service(),
                settings().backups(),
                this.clock));
    }

    /** The process-wide context over {@code System.getenv()} (how Azure passes app settings). */
    public static AppContext get() {
        return Global.INSTANCE;
    }

    /**
     * A context over {@code env}, for tests and tools; the caller closes it. Production code uses {@link #get()}.
     */
    public static AppContext create(Map<String, String> env) {
        return new AppContext(env, Clock.systemUTC());
    }

    /** The validated settings (read on the first call). */
    public AppSettings settings() {
        return clients.settings();
    }

    public Clock clock() {
        return clock;
    }

    /** The process's Prometheus registry (cheap; builds nothing else). */
    public PrometheusMeterRegistry metrics() {
        return Metrics.registry();
    }

    public DomainMetrics domainMetrics() {
        return domainMetrics.get();
    }

    /** Runs function invocations with MDC, timer and error counter ({@link Invocations#run}). */
    public Invocations invocations() {
        return Invocations.global();
    }

    public SecretResolver secrets() {
        return clients.secrets();
    }

    /** The database; the first call builds the pools and (DB_MIGRATE_ON_START) migrates the schema. */
    public Database database() {
        return clients.database();
    }

    /**
     * The maintenance role's database (DB_MAINTENANCE_USER): for the jobs that cross tenants (retention,
     * reconciliation, backup) and their job lock, never for a user's or tenant administrator's request.
     */
    public Database maintenanceDatabase() {
        return clients.maintenanceDatabase();
    }

    /** The Redis client; {@link DependencyException} (not retryable) when REDIS_URL is not set. */
    public Redis redis() {
        return clients.redis();
    }

    /** The Blob Storage client; {@link DependencyException} (not retryable) when no storage is configured. */
    public BlobStorage blobStorage() {
        return clients.blobStorage();
    }

    public HealthService health() {
        return health.get();
    }

    /** The files API: PostgreSQL metadata, blobs in the uploads storage, the metadata cache. */
    public FileService files() {
        return files.get();
    }

    /**
     * Indexes the ready files that have no search row yet (processed before search, or with extraction off) or only a
     * pending one (processing stopped between the verdict and the index step), across
     * tenants as the maintenance role, each run that finds work reported in maintenance_runs; run by the timer and by
     * operators under its job lock.
     */
    public com.aisaas.maintenance.SearchBackfillRuns searchBackfill() {
        return new com.aisaas.maintenance.SearchBackfillRuns(new com.aisaas.search.SearchBackfill(maintenanceDatabase(),
                clients.blobStore(), new com.aisaas.search.TextExtractor(settings().search(), clock), clock),
                maintenanceDatabase(), clock);
    }

    /** Full-text search over the caller's files. */
    public com.aisaas.search.SearchService search() {
        return search.get();
    }

    /** Upload processing: makes uploaded blobs ready or rejected. */
    public UploadProcessor uploadProcessor() {
        return uploadProcessor.get();
    }

    /**
     * App-level backups: export, verification, retention, run history. Takes no lock: the timers run
     * each job on one instance at a time.
     */
    public BackupService backups() {
        return backups.get();
    }

    /** Verifies the newest backup and raises or clears the backup verification alert. */
    public BackupVerificationAlert backupVerification() {
        return new BackupVerificationAlert(backups(), alerts());
    }

    /** Validates bearer tokens (HS256 with jwt-signing-key, RS256 from AUTH_JWKS_URL). */
    public Authenticator authenticator() {
        return authenticator.get();
    }

    /** The per-caller rate limit in Redis (fails open while Redis is down; off when REDIS_URL is not set). */
    public RateLimiter rateLimiter() {
        return rateLimiter.get();
    }

    /** Idempotency-Key responses in Redis (fails open while Redis is down; off when REDIS_URL is not set). */
    public IdempotencyStore idempotencyStore() {
        return idempotencyStore.get();
    }

    /** The metadata cache in Redis (misses while Redis is down; off when REDIS_URL is not set or TTL is 0). */
    public MetadataCache metadataCache() {
        return metadataCache.get();
    }

    /** The Event Grid lifecycle handling (deletes, tier changes, renames, lifecycle runs). */
    public LifecycleHandler lifecycleHandler() {
        return lifecycleHandler.get();
    }

    /** Dead letters: listing and replay for the admin endpoints. */
    public DeadLetters deadLetters() {
        return deadLetters.get();
    }

    /** Where FileProcessed and alert events go: Redis pub/sub and, when configured, the Event Grid custom topic. */
    public EventPublisher eventPublisher() {
        return eventPublisher.get();
    }

    /** Whether the database pool has been built (for tests of laziness and for shutdown). */
    public boolean databaseBuilt() {
        return clients.databaseBuilt();
    }

    /** Closes the pools and clients that were built. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        healthExecutor.shutdownNow();
        Clients.closeQuietly("metadata cache", metadataCache.peek());
        clients.close();
        try {
            healthExecutor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RateLimiter buildRateLimiter() {
        if (settings().redis().isEmpty()) {
            log.warn("REDIS_URL is not set: requests are not rate limited");
            return RateLimiter.unlimited(settings().rateLimit().perMinute());
        }
        return new RedisRateLimiter(this::redis, settings().rateLimit(), metrics(), clock);
    }

    private EventPublisher buildEventPublisher() {
        List<EventPublisher> publishers = new java.util.ArrayList<>();
        if (settings().redis().isPresent()) {
            publishers.add(new RedisEventPublisher(this::redis));
        }
        clients.eventGridTopic().ifPresent(publishers::add);
        if (publishers.isEmpty()) {
            log.warn("neither REDIS_URL nor EVENTGRID_TOPIC_ENDPOINT is set: events are not published");
            return EventPublisher.NONE;
        }
        return publishers.size() == 1 ? publishers.get(0) : new CompositeEventPublisher(publishers);
    }

    private IdempotencyStore buildIdempotencyStore() {
        if (settings().redis().isEmpty()) {
            log.warn("REDIS_URL is not set: Idempotency-Key is not enforced");
            return IdempotencyStore.disabled();
        }
        return new RedisIdempotencyStore(this::redis, settings().idempotency(), metrics(), clock);
    }

    private MetadataCache buildMetadataCache() {
        if (settings().redis().isEmpty() || !settings().cache().enabled()) {
            return MetadataCache.disabled();
        }
        return new RedisMetadataCache(this::redis, settings().cache(), metrics(), clock);
    }

    private HealthService buildHealth() {
        AppSettings s = settings();
        List<HealthCheck> checks = List.of(
                HealthCheck.of(HealthSettings.POSTGRES, () -> true, () -> {
                    database().ping();
                    return Map.of("replica", database().hasReplica() ? "configured" : "not configured");
                }).withSweep(() -> SweepProbes.postgres(database())),
                HealthCheck.of(HealthSettings.REDIS, () -> s.redis().isPresent(), () -> {
                    redis().ping();
                    return Map.of();
                }).withSweep(() -> SweepProbes.redis(redis())).withNotes(Map.of("whenDown", REDIS_FAIL_OPEN_NOTE)),
                HealthCheck.of(HealthSettings.BLOB, () -> s.storage().isPresent(),
                        () -> blobStorage().probe(s.health().checkTimeout())),
                HealthCheck.of(HealthSettings.KEYVAULT, () -> s.secrets().keyVaultUri().isPresent(),
                        () -> secrets().probe(s.secrets().probeSecret())));
        return new HealthService(checks, s.health(), this::database, healthExecutor, clock);
    }

    /**
     * The list cursors' keys from the secrets (cached by the resolver, so a rotated key is used once the cache
     * expires); the public local sample key only where none is configured and the environment is local.
     */
    private com.aisaas.files.CursorKeys cursorKeys() {
        SecretResolver s = secrets();
        String current = s.find(com.aisaas.files.CursorKeys.SECRET).orElseGet(() -> {
            if (settings().environment() == com.aisaas.config.AppEnvironment.AZURE) {
                throw new DependencyException("keyvault", false, "the secret "
                        + com.aisaas.files.CursorKeys.SECRET + " is not configured");
            }
            return com.aisaas.files.CursorKeys.LOCAL_SAMPLE;
        });
        return com.aisaas.files.CursorKeys.of(current, s.find(com.aisaas.files.CursorKeys.PREVIOUS_SECRET));
    }

    private FileService buildFiles() {
        return new FileService(new JdbcFileRepository(database()), clients.blobStore(), metadataCache(),
                settings().files(), this::cursorKeys, clock);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    // ---- scheduled maintenance: job lock, health sweep with alerts, retention purge, reconciliation ----
    private final Lazy<JobLock> jobLock = new Lazy<>(() -> new JobLock(database().dataSource())); // an advisory lock needs no privilege
    private final Lazy<Alerts> alerts = new Lazy<>(() -> new Alerts(this::database,
            settings().maintenance().alertWebhookUrl(), eventPublisher(), clock()));
    private final Lazy<HealthSweep> healthSweep = new Lazy<>(() -> new HealthSweep(health()::sweep, this::database,
            alerts.get(), settings().maintenance(), clock()));
    private final Lazy<MaintenanceBlobs> maintenanceBlobs =
            new Lazy<>(() -> new AzureMaintenanceBlobs(blobStorage().service()));
    private final Lazy<RetentionPurge> retention = new Lazy<>(() -> new RetentionPurge(maintenanceDatabase(),
            maintenanceBlobs.get(), metadataCache(), settings().maintenance(), settings().files().restoreWindow(),
            RetentionPurge.DEFAULT_BUDGET, clock()));
    private final Lazy<Reconciliation> reconciliation = new Lazy<>(() -> new Reconciliation(maintenanceDatabase(),
            maintenanceBlobs.get(), metadataCache(), settings().maintenance(), settings().files().uploadSasTtl(),
            clock()));
    private final Lazy<UploadSweeper> uploadSweeper = new Lazy<>(() -> new UploadSweeper(maintenanceDatabase(),
            maintenanceBlobs.get(),
            path -> uploadProcessor().process(path, uploadedContent(path)),
            (path, reason) -> uploadProcessor().giveUp(path, reason), outbox(), alerts.get(),
            settings().maintenance().uploadSweep(), clock(), database(), poisonQueue()));
    private final Lazy<MaintenanceReports> maintenanceReports =
            new Lazy<>(() -> new MaintenanceReports(database(), alerts.get()));

    /** Runs a timer job on one instance at a time (PostgreSQL advisory lock per job name). */
    public JobLock jobLock() {
        return jobLock.get();
    }

    /** Raises and clears alerts (log, ALERT_WEBHOOK_URL, events), once per episode. */
    public Alerts alerts() {
        return alerts.get();
    }

    /** The scheduled health sweep: records every component in health_checks and alerts on thresholds. */
    public HealthSweep healthSweep() {
        return healthSweep.get();
    }

    /** The retention purge (soft-deleted files past the restore window, old events, checks, dead letters). */
    public RetentionPurge retention() {
        return retention.get();
    }

    /** The reconciliation of files rows with blobs (missing blobs, orphans, expired upload sessions). */
    public Reconciliation reconciliation() {
        return reconciliation.get();
    }

    /** Events written with the changes they announce, delivered at least once. */
    public com.aisaas.events.Outbox outbox() {
        return outbox.get();
    }

    private com.aisaas.maintenance.PoisonQueue poisonQueue() {
        return clients.poisonQueue();
    }

    private com.aisaas.storage.BlobContent uploadedContent(String blobPath) {
        return clients.blobStore().content(new com.aisaas.storage.BlobStore.BlobRef(
                com.aisaas.files.BlobPaths.UPLOADS_CONTAINER, com.aisaas.files.BlobPaths.blobName(blobPath)));
    }

    /** The upload sweeper: re-drives unfinished uploads, ingests Event Grid's dead letters, alerts on a backlog. */
    public UploadSweeper uploadSweeper() {
        return uploadSweeper.get();
    }

    /** Health sweep history, alerts and maintenance run reports for the admin endpoints. */
    public MaintenanceReports maintenanceReports() {
        return maintenanceReports.get();
    }

    private static final class Global {
        static final AppContext INSTANCE = create(System.getenv());

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::close, "aisaas-app-shutdown"));
        }
    }
}
