package com.aisaas.devhost.host;

import com.aisaas.devhost.host.blob.BlobBindingSupport;
import com.aisaas.devhost.host.blob.BlobTriggerSupport;
import com.aisaas.devhost.host.eventgrid.EventGridTriggerSupport;
import com.aisaas.devhost.host.eventgrid.SystemKeys;
import com.aisaas.devhost.host.eventgrid.WebhookHandler;
import com.aisaas.devhost.host.eventgrid.WebhookTarget;
import com.aisaas.devhost.host.http.FunctionsHandler;
import com.aisaas.devhost.host.http.HttpTriggerSupport;
import com.aisaas.devhost.host.http.KeyAuthorizer;
import com.aisaas.devhost.host.http.PingRoute;
import com.aisaas.devhost.host.timer.AdminHandler;
import com.aisaas.devhost.host.timer.TimerSettings;
import com.aisaas.devhost.host.timer.TimerState;
import com.aisaas.devhost.host.timer.TimerTriggerSupport;
import com.aisaas.devhost.host.storage.StorageClients;
import com.aisaas.devhost.host.worker.AppClassLoader;
import com.aisaas.devhost.host.worker.BindingRegistry;
import com.aisaas.devhost.host.worker.FunctionLoader;
import com.aisaas.devhost.host.worker.QueryValues;
import com.aisaas.devhost.host.worker.AppPackage;
import com.aisaas.devhost.host.worker.BindingMetadata;
import com.aisaas.devhost.host.worker.FunctionMetadata;
import com.aisaas.devhost.host.worker.LoadedFunction;
import com.aisaas.devhost.host.worker.TriggerRegistry;
import com.aisaas.devhost.host.worker.TriggerSupport;
import com.aisaas.devhost.events.EventSourceSettings;
import com.aisaas.devhost.events.EventSubscription;
import com.aisaas.devhost.events.StorageEventSource;
import com.azure.storage.blob.BlobServiceClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Azure Functions host for one packaged Java app, usable in-process (tests: port 0) and from {@link HostMain}.
 *
 * <p>{@link #start()} reads {@code <app>/host.json} and every {@code <app>/*}{@code /function.json} (docs/functions-host.md §5),
 * loads the app in a child-first class loader, resolves each function's entry point once, and serves the
 * {@code httpTrigger} functions on Jetty (docs/functions-host.md §1), {@code eventGridTrigger} functions and {@code blobTrigger}
 * functions with source EventGrid on the extension webhooks {@code /runtime/webhooks/eventgrid|blobs} (docs/functions-host.md §2, §3).
 * When the app has such functions and their storage connection is set, it also starts the local storage-event source
 * ({@link StorageEventSource}) that POSTs Event Grid events to those webhooks. {@code timerTrigger} functions run on their
 * NCRONTAB schedules ({@link TimerTriggerSupport}, docs/functions-host.md §4; started in the background after the server, so startup
 * does not wait for the storage), and {@code POST /admin/functions/<name>} with the master key runs one now. Functions
 * with other triggers are parsed and listed but not served. {@link #close()} drains: it stops the timers and the event
 * source, stops accepting, lets running invocations (and queued blob-trigger work) finish (up to
 * {@link HostOptions#drainTimeout()}), then stops.
 */
public final class FunctionsHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FunctionsHost.class);

    /** Request headers (with the request line) above this size get 431 — Kestrel's 32 KB default total. */
    static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;

    private final HostOptions options;
    private final Consumer<String> functionLog;
    private final List<Listing> listings = new ArrayList<>();
    private volatile Server server;
    private volatile int boundPort = -1;
    private AppClassLoader appLoader;
    private EventGridTriggerSupport eventGrid;
    private BlobTriggerSupport blobs;
    private TimerTriggerSupport timers;
    private final Clock clock;
    private final List<StorageEventSource> eventSources = new ArrayList<>();
    private String hostId;
    private boolean started;
    private boolean closed;

    public FunctionsHost(HostOptions options) {
        this(options, System.out::println);
    }

    /** @param functionLog receives the lines functions log through {@code ExecutionContext.getLogger()} */
    FunctionsHost(HostOptions options, Consumer<String> functionLog) {
        this(options, functionLog, Clock.systemUTC());
    }

    /** @param clock the time timer schedules are computed against (tests shift it to simulate a later restart) */
    FunctionsHost(HostOptions options, Consumer<String> functionLog, Clock clock) {
        this.options = Objects.requireNonNull(options, "options");
        this.functionLog = Objects.requireNonNull(functionLog, "functionLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Loads the app and starts listening. Problems with single functions (missing class, unbindable parameter, bad
     * route) do not stop the host: such a function is listed with its error and, if routed, answers 500.
     *
     * @throws IllegalArgumentException if the app folder, host.json or a function.json is invalid
     * @throws IllegalStateException    if the server cannot start (e.g. the port is taken), or on a second call
     */
    public synchronized FunctionsHost start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        AppPackage app = AppPackage.read(options.appDir());
        HttpTriggerSupport http = new HttpTriggerSupport(app.hostJson().routePrefix());
        TriggerRegistry triggers = new TriggerRegistry().register(http);
        Map<String, String> env = options.environment();
        hostId = HostIds.of(app.directory(), env);
        List<WebhookTarget> webhookTargets = new ArrayList<>();
        if (hasTrigger(app, EventGridTriggerSupport.TYPE)) {
            eventGrid = new EventGridTriggerSupport(SystemKeys.resolve(env, SystemKeys.EVENTGRID_KEY_ENV, "eventgrid_extension"),
                    functionLog);
            triggers.register(eventGrid);
            webhookTargets.add(eventGrid);
        }
        if (hasTrigger(app, BlobTriggerSupport.TYPE)) {
            blobs = new BlobTriggerSupport(SystemKeys.resolve(env, SystemKeys.BLOBS_KEY_ENV, "blobs_extension"), env, hostId,
                    functionLog, options.drainTimeout(), BLOB_RETRY_DELAY, app.hostJson().poisonBlobThreshold());
            triggers.register(blobs);
            webhookTargets.add(blobs);
        }
        if (hasTrigger(app, TimerTriggerSupport.TYPE)) {
            timers = new TimerTriggerSupport(TimerSettings.fromEnvironment(env), env, clock, functionLog, app.hostJson(),
                    options.drainTimeout());
            triggers.register(timers);
        }
        BindingRegistry bindings = new BindingRegistry();
        if (hasBinding(app, BlobBindingSupport.TYPE)) {
            bindings.register(new BlobBindingSupport(env));
        }
        appLoader = AppClassLoader.forPackage(app.directory(), scriptFiles(app), FunctionsHost.class.getClassLoader());
        for (FunctionMetadata function : app.functions()) {
            listings.add(load(function, triggers, bindings));
        }
        if (blobs != null) {
            blobs.start();      // the queue's leftover messages find their functions attached
        }
        KeyAuthorizer keys = new KeyAuthorizer(options.functionKey(), options.masterKey());
        if (!keys.hasAnyKey()) {
            LOG.warn("no {} or {} set: functions with authLevel FUNCTION or ADMIN will answer 401",
                    HostOptions.FUNCTION_KEY_ENV, HostOptions.MASTER_KEY_ENV);
        }
        WebhookHandler webhooks = new WebhookHandler(webhookTargets, keys, options.maxRequestBodyBytes());
        Map<String, String> triggerTypes = new LinkedHashMap<>();
        for (FunctionMetadata function : app.functions()) {
            triggerTypes.put(function.name().toLowerCase(Locale.ROOT),
                    function.trigger().map(BindingMetadata::type).orElse("trigger-less"));
        }
        AdminHandler admin = new AdminHandler(keys, timers, name -> triggerTypes.get(name.toLowerCase(Locale.ROOT)));
        FunctionsHandler handler = new FunctionsHandler(http.routeTable(), keys, options.maxRequestBodyBytes(), functionLog,
                List.of(webhooks, admin, new PingRoute()));
        try {
            startServer(handler);
        } catch (RuntimeException e) {
            if (timers != null) {
                timers.close();
            }
            if (blobs != null) {
                blobs.close();
            }
            throw e;
        }
        try {
            startEventSources();
        } catch (RuntimeException e) {
            stopServing();
            closeLoader();
            throw e;
        }
        if (timers != null) {
            timers.start(hostId);
        }
        return this;
    }

    /** First backoff of a failed blob-trigger try (then doubled): short, as the host's queue retries at once. */
    static final Duration BLOB_RETRY_DELAY = Duration.ofMillis(100);

    private static boolean hasBinding(AppPackage app, String type) {
        for (FunctionMetadata function : app.functions()) {
            for (BindingMetadata binding : function.bindings()) {
                if (binding.isType(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasTrigger(AppPackage app, String type) {
        for (FunctionMetadata function : app.functions()) {
            if (function.trigger().map(trigger -> trigger.isType(type)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * One {@link StorageEventSource} per storage connection: blob triggers (source EventGrid) subscribe to BlobCreated in
     * their path's container; eventGridTrigger functions named in {@code DEVHOST_EVENTGRID_SUBSCRIPTIONS} to every storage
     * event of the containers listed there, in the account of {@code DEVHOST_EVENTGRID_CONNECTION} (else the blob
     * triggers' connection, else AzureWebJobsStorage). A connection without a connection string is skipped with a warning.
     *
     * @throws IllegalArgumentException if a DEVHOST_EVENT* setting is invalid
     */
    private void startEventSources() {
        List<BlobTriggerSupport.Registration> blobFunctions = blobs == null ? List.of() : blobs.registrations();
        List<LoadedFunction> eventFunctions = eventGrid == null ? List.of() : eventGrid.functions();
        if (blobFunctions.isEmpty() && eventFunctions.isEmpty()) {
            return;
        }
        EventSourceSettings settings = EventSourceSettings.fromEnvironment(options.environment());
        if (!settings.enabled()) {
            LOG.info("{}=off: no local storage events; the webhooks still answer", EventSourceSettings.ENABLED_ENV);
            return;
        }
        String base = "http://" + loopbackHost() + ":" + port();
        Map<String, List<EventSubscription>> byConnection = new LinkedHashMap<>();
        for (BlobTriggerSupport.Registration registration : blobFunctions) {
            URI endpoint = URI.create(base + blobs.webhookPath(registration.function()) + "&code=" + QueryValues.encode(blobs.systemKey()));
            byConnection.computeIfAbsent(registration.connection(), key -> new ArrayList<>()).add(new EventSubscription(
                    registration.function().name(), endpoint, Set.of(registration.path().container()), Set.of("Microsoft.Storage.BlobCreated")));
        }
        String eventConnection = settings.eventGridConnection() != null ? settings.eventGridConnection()
                : !blobFunctions.isEmpty() ? blobFunctions.get(0).connection() : StorageClients.HOST_STORAGE;
        settings.eventGridSubscriptions().forEach((name, containers) -> {
            LoadedFunction function = eventGrid == null ? null : eventGrid.find(name);
            if (function == null) {
                LOG.warn("{} names '{}', which is not an eventGridTrigger function of this app: ignored",
                        EventSourceSettings.SUBSCRIPTIONS_ENV, name);
                return;
            }
            URI endpoint = URI.create(base + eventGrid.webhookPath(function) + "&code=" + QueryValues.encode(eventGrid.systemKey()));
            byConnection.computeIfAbsent(eventConnection, key -> new ArrayList<>())
                    .add(new EventSubscription(name, endpoint, new LinkedHashSet<>(containers), Set.of()));
        });
        for (LoadedFunction function : eventFunctions) {
            if (!settings.eventGridSubscriptions().containsKey(function.name())) {
                LOG.info("eventGridTrigger '{}' has no local subscription (add it to {}, e.g. {}=<container>); it is reached by its webhook only",
                        function.name(), EventSourceSettings.SUBSCRIPTIONS_ENV, function.name());
            }
        }
        StorageClients storage = blobs != null ? blobs.storage() : new StorageClients(options.environment());
        // Settings that name the same account (UploadsStorage and AzureWebJobsStorage on one Azurite) share one source.
        Map<String, List<EventSubscription>> byAccount = new LinkedHashMap<>();
        Map<String, String> connectionOfAccount = new LinkedHashMap<>();
        for (Map.Entry<String, List<EventSubscription>> entry : byConnection.entrySet()) {
            Optional<String> connectionString = storage.connectionString(entry.getKey());
            if (connectionString.isEmpty()) {
                LOG.warn("storage events for {} are off: {}", entry.getValue().stream().map(EventSubscription::name).toList(),
                        storage.describeMissing(entry.getKey()));
                continue;
            }
            byAccount.computeIfAbsent(connectionString.get(), key -> new ArrayList<>()).addAll(entry.getValue());
            connectionOfAccount.putIfAbsent(connectionString.get(), entry.getKey());
        }
        for (Map.Entry<String, List<EventSubscription>> entry : byAccount.entrySet()) {
            BlobServiceClient account = storage.forConnection(connectionOfAccount.get(entry.getKey())).orElseThrow();
            eventSources.add(StorageEventSource.start(settings, account, entry.getValue(), hostId));
        }
    }

    private String loopbackHost() {
        String bind = options.bindHost();
        if (bind == null || bind.isBlank() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
            return "127.0.0.1";
        }
        return bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    }

    /**
     * The state of timer function {@code function} (see {@link TimerState}); empty when it is not a timer of this app.
     * For observers such as tests, which wait on what the host did instead of on time.
     */
    public Optional<TimerState> timerState(String function, Duration timeout) throws InterruptedException, TimeoutException {
        TimerTriggerSupport timerSupport = timers;
        return timerSupport == null ? Optional.empty() : timerSupport.state(function, timeout);
    }

    /**
     * Waits until the host has nothing left to do for the storage changes and blob-trigger messages it has seen so far:
     * each storage event source has finished a round of listings that started after this call and delivered (or
     * dead-lettered) every event, and the blob-trigger queue is empty (every message done or poisoned). For observers
     * such as tests: after it returns true, whatever those changes and messages cause has happened.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (StorageEventSource source : new ArrayList<>(eventSources)) {
            if (!source.awaitSettled(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        BlobTriggerSupport blobSupport = blobs;
        while (blobSupport != null && blobSupport.backlog() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** The host id naming the host's storage artifacts (receipts, watcher state); see {@link HostIds}. */
    public String hostId() {
        if (hostId == null) {
            throw new IllegalStateException("not started");
        }
        return hostId;
    }

    private Listing load(FunctionMetadata function, TriggerRegistry triggers, BindingRegistry bindings) {
        Optional<BindingMetadata> trigger = function.trigger();
        if (trigger.isEmpty()) {
            return new Listing(function.name(), null, null, "no trigger binding, not served");
        }
        Optional<TriggerSupport> support = triggers.find(trigger.get().type());
        if (support.isEmpty()) {
            return new Listing(function.name(), null, null, trigger.get().type() + " (not served yet)");
        }
        LoadedFunction loaded = FunctionLoader.load(function, trigger.get(), support.get(), bindings, appLoader);
        try {
            support.get().attach(loaded);
        } catch (IllegalArgumentException e) {
            LOG.error("function '{}' is not served: {}", function.name(), e.getMessage());
            return new Listing(function.name(), null, null, trigger.get().type() + " (in error: " + e.getMessage() + ")");
        }
        if (loaded.loadError() != null) {
            LOG.error("function '{}' failed to load, its calls will fail: {}", function.name(), loaded.loadError());
        }
        return new Listing(function.name(), loaded, support.get(), null);
    }

    private static Set<Path> scriptFiles(AppPackage app) {
        Set<Path> files = new LinkedHashSet<>();
        for (FunctionMetadata function : app.functions()) {
            if (function.scriptFile() != null) {
                files.add(function.scriptFile());
            }
        }
        return files;
    }

    private void startServer(FunctionsHandler handler) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("devhost-http");
        Server jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
        // No per-connection header field cache: API clients send a different bearer token on one connection (one
        // per user behind a gateway), which overflows the cache on every request, and each overflow clears a trie
        // sized for 32 KiB headers (a profile of cached GETs showed over half of the host's CPU in that clear).
        http.setHeaderCacheSize(0);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // Routing splits the raw path before decoding, so an encoded '/' (%2F) or '%' (%25) is safe, as in ASP.NET Core.
        http.setUriCompliance(UriCompliance.DEFAULT.with("devhost",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        // No blocking acceptor thread: the selector accepts, and stopping does not wait for an acceptor to wake up.
        ServerConnector serverConnector = new ServerConnector(jetty, 0, -1, new HttpConnectionFactory(http));
        serverConnector.setHost(options.bindHost());
        serverConnector.setPort(options.port());
        jetty.addConnector(serverConnector);
        jetty.setHandler(new GracefulHandler(handler));
        jetty.setStopTimeout(options.drainTimeout().toMillis());
        jetty.setStopAtShutdown(false);
        try {
            jetty.start();
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing
            }
            closeLoader();
            throw new IllegalStateException("cannot start the devhost on port " + options.port() + ": " + e.getMessage(), e);
        }
        server = jetty;
        boundPort = serverConnector.getLocalPort();
    }

    /** The port the host listens (or listened) on: the chosen one when started with port 0. */
    public int port() {
        int port = boundPort;
        if (port < 0) {
            throw new IllegalStateException("not started");
        }
        return port;
    }

    /** {@code http://localhost:<port>}. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    /** Number of functions found in the package (served or not). */
    public synchronized int functionCount() {
        return listings.size();
    }

    /** One line per function: name and how it is reached (methods and URL), or why it is not served. */
    public synchronized List<String> describeFunctions() {
        List<String> lines = new ArrayList<>();
        String base = server == null ? "" : baseUrl();
        for (Listing listing : listings) {
            String how = listing.note != null ? listing.note : listing.support.describe(listing.function, base);
            if (listing.function != null && listing.function.loadError() != null) {
                how += " (in error: " + listing.function.loadError() + ")";
            }
            lines.add(listing.name + ": " + how);
        }
        return lines;
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        Server running = server;
        if (running != null) {
            running.join();
        }
    }

    /**
     * Graceful stop: no new connections, running invocations finish (bounded by the drain timeout), then Jetty and the
     * app class loader close. Idempotent.
     */
    @Override
    public synchronized void close() {
        stopServing();
        closeLoader();
    }

    /**
     * Drains and stops Jetty but leaves the app class loader open: used when the JVM is about to exit, so that the
     * app's own shutdown hook (closing its pools) can still load the classes it needs. Idempotent.
     */
    public synchronized void stopServing() {
        if (closed) {
            return;
        }
        closed = true;
        if (timers != null) {
            timers.close();
        }
        for (StorageEventSource source : eventSources) {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.warn("the storage event source did not stop cleanly: {}", e.toString());
            }
        }
        if (server != null) {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.warn("devhost did not stop cleanly: {}", e.toString());
            }
        }
        if (blobs != null) {
            blobs.close();
        }
        if (eventGrid != null) {
            eventGrid.close();
        }
    }

    private void closeLoader() {
        if (appLoader != null) {
            try {
                appLoader.close();
            } catch (IOException e) {
                LOG.debug("closing the app class loader failed: {}", e.toString());
            }
        }
    }

    private static final class Listing {
        final String name;
        final LoadedFunction function;
        final TriggerSupport support;
        final String note;

        Listing(String name, LoadedFunction function, TriggerSupport support, String note) {
            this.name = name;
            this.function = function;
            this.support = support;
            this.note = note;
        }
    }
}
