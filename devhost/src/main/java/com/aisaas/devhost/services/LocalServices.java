package com.aisaas.devhost.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The local service stack: PostgreSQL, Redis and Azurite, each on a loopback port, started in parallel.
 *
 * <p>Tests use {@link #shared()}, one lazily started stack per JVM that many test classes reuse (never stop its
 * services); fault tests start a stack of their own with {@link #start(Options)} and may {@code stop()} and
 * {@code start()} its services, which come back on the same port with the same data. Every stack is stopped by
 * {@link #close()} or, at the latest, by a JVM shutdown hook.
 *
 * <pre>{@code
 * LocalServices services = LocalServices.shared();
 * DataSource db = ... services.postgres().jdbcUrl(), LocalPostgres.USER, LocalPostgres.PASSWORD ...
 * services.settings();   // DB_URL, DB_USER (runtime role), DB_MAINTENANCE_USER, DB_MIGRATION_USER, passwords, REDIS_URL, REDIS_PASSWORD, UploadsStorage, AzureWebJobsStorage
 *
 * try (LocalServices own = LocalServices.start(LocalServices.Options.defaults().services(Service.REDIS))) {
 *     own.redis().stop();  ...  own.redis().start();
 * }
 * }</pre>
 */
public final class LocalServices implements AutoCloseable {
    private static final Set<LocalServices> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final AtomicBoolean HOOK_REGISTERED = new AtomicBoolean();
    private static LocalServices shared;
    private static RuntimeException sharedFailure;

    private final Path dataDir;
    private final boolean temporary;
    private final LocalPostgres postgres;
    private final LocalRedis redis;
    private final LocalAzurite azurite;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalServices(Path dataDir, boolean temporary, LocalPostgres postgres, LocalRedis redis,
                          LocalAzurite azurite) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.postgres = postgres;
        this.redis = redis;
        this.azurite = azurite;
    }

    /**
     * The JVM-wide stack for tests: all three services on free ports with temporary data, started on first use
     * and stopped when the JVM exits. A start failure is remembered, so later callers fail fast with its cause.
     */
    public static synchronized LocalServices shared() {
        if (sharedFailure != null) {
            throw new LocalServiceException("the shared local services failed to start earlier: "
                    + sharedFailure.getMessage(), sharedFailure);
        }
        if (shared == null) {
            try {
                shared = start(Options.defaults());
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            shared.services().forEach(service -> shared.service(service).markShared());
        }
        return shared;
    }

    /** Starts a stack of its own (the caller closes it), its services in parallel. */
    public static LocalServices start(Options options) {
        return prepare(options).startAll();
    }

    /** Chooses the ports and checks the prerequisites (binaries, Azurite package) of a stack; starts nothing. */
    private static LocalServices prepare(Options options) {
        Objects.requireNonNull(options, "options");
        boolean temporary = options.dataDirectory == null;
        Path dataDir;
        try {
            dataDir = temporary ? Files.createTempDirectory("aisaas-devhost-") : options.dataDirectory.toAbsolutePath();
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for local services", e);
        }
        Path logDir = dataDir.resolve("logs");
        LocalServices services;
        try {
            if (!temporary) {
                // Before the ports are chosen: a leftover of a killed run may hold the preferred ones.
                ChildProcess.stopLeftover(dataDir.resolve("redis").resolve(LocalRedis.PID_FILE));
                ChildProcess.stopLeftover(dataDir.resolve("azurite").resolve(LocalAzurite.PID_FILE));
                ChildProcess.stopLeftover(dataDir.resolve("azurite").resolve(LocalAzurite.QUEUE_PID_FILE));
                if (options.services.contains(Service.POSTGRES)) {
                    LocalPostgres.stopLeftoverServer(dataDir.resolve("postgres"));
                }
            }
            LocalRedis redis = options.services.contains(Service.REDIS)
                    ? new LocalRedis(options.environment, dataDir.resolve("redis"), logDir, options.port(Service.REDIS))
                    : null;
            LocalAzurite azurite = options.services.contains(Service.AZURITE)
                    ? new LocalAzurite(options.environment,
                            options.repoRoot != null ? options.repoRoot : RepoRoot.find(),
                            dataDir.resolve("azurite"), logDir, options.port(Service.AZURITE),
                            Ports.choose("azurite-queue", 0, true), options.azuriteOAuth)
                    : null;
            LocalPostgres postgres = options.services.contains(Service.POSTGRES)
                    ? new LocalPostgres(dataDir.resolve("postgres"), logDir, options.port(Service.POSTGRES), !temporary)
                    : null;
            services = new LocalServices(dataDir, temporary, postgres, redis, azurite);
        } catch (RuntimeException e) {
            if (temporary) {
                deleteRecursively(dataDir);
            }
            throw e;
        }
        if (options.shutdownHook) {
            registerForShutdown(services);
        }
        return services;
    }

    /**
     * Starts, in parallel, every service of the stack that is not running, and waits until each answers. On a
     * failure the whole stack is closed and the first failure thrown (the others suppressed in it).
     */
    private LocalServices startAll() {
        if (closed.get()) {
            throw new IllegalStateException("this stack is closed");
        }
        List<RuntimeException> failures = inParallel(LocalService::ensureStarted);
        if (!failures.isEmpty()) {
            try {
                close();
            } catch (RuntimeException e) {
                failures.forEach(e::addSuppressed);
            }
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return this;
    }

    /** The PostgreSQL of this stack; an exception if the stack has none. */
    public LocalPostgres postgres() {
        return require(postgres, Service.POSTGRES);
    }

    /** The Redis of this stack; an exception if the stack has none. */
    public LocalRedis redis() {
        return require(redis, Service.REDIS);
    }

    /** The Azurite of this stack; an exception if the stack has none. */
    public LocalAzurite azurite() {
        return require(azurite, Service.AZURITE);
    }

    public boolean has(Service service) {
        return service(service) != null;
    }

    /** The services this stack runs, in start order. */
    public Set<Service> services() {
        EnumSet<Service> present = EnumSet.noneOf(Service.class);
        for (Service service : Service.values()) {
            if (has(service)) {
                present.add(service);
            }
        }
        return present;
    }

    /**
     * The app settings that point at this stack, under the names the app reads: {@code DB_URL}, {@code DB_USER},
     * {@code DB_PASSWORD}, {@code REDIS_URL}, {@code REDIS_PASSWORD}, {@code UploadsStorage},
     * {@code AzureWebJobsStorage} (only those of the services it runs). Values carry credentials: do not log them.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (postgres != null) {
            settings.put("DB_URL", postgres.jdbcUrl());
            settings.put("DB_USER", LocalPostgres.RUNTIME_ROLE);
            settings.put("DB_PASSWORD", postgres.password());
            settings.put("DB_MAINTENANCE_USER", LocalPostgres.MAINTENANCE_ROLE);
            settings.put("DB_MAINTENANCE_PASSWORD", postgres.password());
            settings.put("DB_MIGRATION_USER", LocalPostgres.OWNER_ROLE);
            settings.put("DB_MIGRATION_PASSWORD", postgres.password());
        }
        if (redis != null) {
            settings.put("REDIS_URL", redis.url());
            settings.put("REDIS_PASSWORD", "");
        }
        if (azurite != null) {
            settings.put("UploadsStorage", azurite.connectionString());
            settings.put("AzureWebJobsStorage", azurite.hostConnectionString());
        }
        return Collections.unmodifiableMap(settings);
    }

    /** Where the services keep their data; {@code logs/} beneath it holds one log file per service. */
    public Path dataDirectory() {
        return dataDir;
    }

    public Path logDirectory() {
        return dataDir.resolve("logs");
    }

    /** Stops every service (in parallel); temporary data is deleted. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        OPEN.remove(this);
        List<RuntimeException> failures = inParallel(service -> service.close());
        if (temporary) {
            deleteRecursively(dataDir);
        }
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    @Override
    public String toString() {
        return "LocalServices" + services() + " in " + dataDir;
    }

    private List<RuntimeException> inParallel(java.util.function.Consumer<LocalService> action) {
        List<LocalService> all = Stream.of(postgres, redis, azurite).filter(Objects::nonNull).toList();
        List<RuntimeException> failures = new ArrayList<>();
        if (all.size() == 1) {
            try {
                action.accept(all.get(0));
            } catch (RuntimeException e) {
                failures.add(e);
            }
            return failures;
        }
        ExecutorService pool = Executors.newFixedThreadPool(all.size(), runnable -> {
            Thread thread = new Thread(runnable, "local-services");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = all.stream().<Future<?>>map(s -> pool.submit(() -> action.accept(s))).toList();
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause() instanceof RuntimeException r ? r
                            : new LocalServiceException(e.getCause().toString(), e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(new LocalServiceException("interrupted", e));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures;
    }

    private LocalService service(Service service) {
        return switch (service) {
            case POSTGRES -> postgres;
            case REDIS -> redis;
            case AZURITE -> azurite;
        };
    }

    private <T> T require(T service, Service which) {
        if (service == null) {
            throw new IllegalStateException(which + " is not part of this stack (" + services() + ")");
        }
        return service;
    }

    private static void registerForShutdown(LocalServices services) {
        OPEN.add(services);
        if (HOOK_REGISTERED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                List<LocalServices> open;
                synchronized (OPEN) {
                    open = new ArrayList<>(OPEN);
                }
                for (LocalServices stack : open) {
                    try {
                        stack.close();
                    } catch (RuntimeException ignored) {
                        // the JVM is exiting; stop what we can
                    }
                }
            }, "local-services-shutdown"));
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: temporary data
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: temporary data
        }
    }

    /**
     * What to start and where. Immutable: every method returns a changed copy.
     * Defaults: all services, free ports, temporary data, the process environment, a shutdown hook.
     */
    public static final class Options {
        private final EnumSet<Service> services;
        private final Path dataDirectory;
        private final Map<Service, Integer> ports;
        private final boolean fallbackToFreePort;
        private final Path repoRoot;
        private final Map<String, String> environment;
        private final boolean shutdownHook;
        private final LocalAzurite.OAuth azuriteOAuth;

        private Options(EnumSet<Service> services, Path dataDirectory, Map<Service, Integer> ports,
                        boolean fallbackToFreePort, Path repoRoot, Map<String, String> environment,
                        boolean shutdownHook, LocalAzurite.OAuth azuriteOAuth) {
            this.services = services;
            this.dataDirectory = dataDirectory;
            this.ports = ports;
            this.fallbackToFreePort = fallbackToFreePort;
            this.repoRoot = repoRoot;
            this.environment = environment;
            this.shutdownHook = shutdownHook;
            this.azuriteOAuth = azuriteOAuth;
        }

        public static Options defaults() {
            return new Options(EnumSet.allOf(Service.class), null, new EnumMap<>(Service.class), false, null,
                    Map.copyOf(System.getenv()), true, null);
        }

        /**
         * Azurite over HTTPS with the PKCS#12 certificate {@code pfx} (password {@code pfxPassword}; the same certificate
         * as PEM in {@code caCertificatePem}, which Azurite trusts for its own requests to copy sources) and bearer-token
         * authentication on ({@code --oauth basic}: Azurite checks a token's issuer, audience and lifetime, not its
         * signature; it needs HTTPS). Shared-key and SAS requests work as before. Used to exercise the managed-identity
         * path (user delegation keys) locally; the data account's endpoint becomes {@code https://}.
         */
        public Options azuriteOAuth(Path pfx, String pfxPassword, Path caCertificatePem) {
            return new Options(services, dataDirectory, ports, fallbackToFreePort, repoRoot, environment, shutdownHook,
                    new LocalAzurite.OAuth(pfx, pfxPassword, caCertificatePem));
        }

        /** Only these services. */
        public Options services(Service first, Service... more) {
            EnumSet<Service> chosen = EnumSet.of(first, more);
            return new Options(chosen, dataDirectory, ports, fallbackToFreePort, repoRoot, environment, shutdownHook,
                    azuriteOAuth);
        }

        /**
         * Keep data in {@code dir} ({@code postgres/}, {@code azurite/}, {@code redis/}, {@code logs/}) across
         * runs instead of a temporary directory that {@link LocalServices#close()} deletes.
         */
        public Options dataDirectory(Path dir) {
            return new Options(services, dir, ports, fallbackToFreePort, repoRoot, environment, shutdownHook,
                    azuriteOAuth);
        }

        /** Run {@code service} on {@code port} (0: any free port). */
        public Options port(Service service, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            Map<Service, Integer> changed = new EnumMap<>(Service.class);
            changed.putAll(ports);
            changed.put(service, port);
            return new Options(services, dataDirectory, changed, fallbackToFreePort, repoRoot, environment,
                    shutdownHook, azuriteOAuth);
        }

        /** When a chosen port is busy, take a free one instead of failing. */
        public Options fallbackToFreePort(boolean fallback) {
            return new Options(services, dataDirectory, ports, fallback, repoRoot, environment, shutdownHook,
                    azuriteOAuth);
        }

        /** The repository whose {@code node_modules} holds Azurite (default: {@link RepoRoot#find()}). */
        public Options repoRoot(Path root) {
            return new Options(services, dataDirectory, ports, fallbackToFreePort, root, environment, shutdownHook,
                    azuriteOAuth);
        }

        /** The environment that names binaries (PATH, REDIS_SERVER_BINARY, NODE_BINARY). */
        public Options environment(Map<String, String> env) {
            return new Options(services, dataDirectory, ports, fallbackToFreePort, repoRoot, Map.copyOf(env),
                    shutdownHook, azuriteOAuth);
        }

        /** Whether a JVM shutdown hook stops the stack (default true; the launcher orders shutdown itself). */
        public Options shutdownHook(boolean register) {
            return new Options(services, dataDirectory, ports, fallbackToFreePort, repoRoot, environment, register,
                    azuriteOAuth);
        }

        int port(Service service) {
            return Ports.choose(service.name().toLowerCase(java.util.Locale.ROOT), ports.getOrDefault(service, 0),
                    fallbackToFreePort);
        }
    }
}
