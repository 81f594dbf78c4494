package com.aisaas.devhost.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Azurite's blob and queue services from the repository's {@code node_modules} (installed by {@code npm ci} at the root),
 * run with {@code node} on two loopback ports (the queue's is the blob's + 1 when free, as Azurite's defaults 10000 and
 * 10001), sharing one data directory. The queue service holds the Functions host's blob-trigger queue, so that work the
 * host acknowledged outlives the host process, and the blob trigger's poison queue (docs/functions-host.md §3.3). It
 * serves two accounts, as the
 * deployment has two storage accounts: the emulator's well-known one for the app's data ({@code UploadsStorage}) and
 * {@value #HOST_ACCOUNT_NAME} for the Functions host's own storage ({@code AzureWebJobsStorage}: blob receipts,
 * poison messages, timer locks and status). Besides matching Azure, that keeps the host's bookkeeping from
 * slowing the data account: Azurite's cost per request grows with the blobs the account holds (docs/benchmarks.md).
 */
public final class LocalAzurite extends LocalService {
    /** The emulator's well-known account. */
    public static final String ACCOUNT_NAME = "devstoreaccount1";
    /** The emulator's well-known, public account key (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** The account of the host's own storage. */
    public static final String HOST_ACCOUNT_NAME = "devhoststorage";
    /** Names the node binary to use instead of the one on PATH. */
    public static final String NODE_VARIABLE = "NODE_BINARY";
    static final String MAIN_SCRIPT = "node_modules/azurite/dist/src/blob/main.js";
    static final String PID_FILE = "azurite.pid";
    static final String QUEUE_MAIN_SCRIPT = "node_modules/azurite/dist/src/queue/main.js";
    static final String QUEUE_PID_FILE = "azurite-queue.pid";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final Path node;
    private final Path mainScript;
    private final Path queueMainScript;
    private final int queuePort;
    private final ChildProcess queueProcess;
    private final Path location;
    private final int port;
    private final ChildProcess process;
    /** The host account's key: random per start (Azurite keeps data by account name, not by key). */
    private final String hostAccountKey;

    /**
     * HTTPS with a PKCS#12 certificate and bearer tokens accepted ({@code --oauth basic}).
     *
     * @param pfx the certificate and its key
     * @param password the PKCS#12 password (it appears on Azurite's command line: use a throwaway certificate)
     * @param caCertificate the certificate as PEM, which Azurite itself must trust (NODE_EXTRA_CA_CERTS): it checks a
     *        copy source by requesting the source URL, which is then an https URL of its own
     */
    public record OAuth(Path pfx, String password, Path caCertificate) {
        public OAuth {
            java.util.Objects.requireNonNull(pfx, "pfx");
            java.util.Objects.requireNonNull(password, "password");
            java.util.Objects.requireNonNull(caCertificate, "caCertificate");
        }

        @Override
        public String toString() {
            return "OAuth[pfx=" + pfx + "]";
        }
    }

    private final OAuth oauth;

    LocalAzurite(Map<String, String> env, Path repoRoot, Path location, Path logDir, int port) {
        this(env, repoRoot, location, logDir, port, null);
    }

    LocalAzurite(Map<String, String> env, Path repoRoot, Path location, Path logDir, int port, OAuth oauth) {
        super("azurite");
        this.node = Executables.resolve("node", NODE_VARIABLE, env,
                "node not found: install Node.js 20+ (https://nodejs.org) or set " + NODE_VARIABLE);
        this.mainScript = repoRoot.resolve(MAIN_SCRIPT);
        if (!Files.isRegularFile(mainScript)) {
            throw new LocalServiceException("Azurite is not installed (" + mainScript + " is missing): run `npm ci` "
                    + "at the repo root (" + repoRoot + ")");
        }
        this.location = location;
        this.port = port;
        this.process = new ChildProcess("azurite", logDir.resolve("azurite.log"), location.resolve(PID_FILE));
        this.queueMainScript = repoRoot.resolve(QUEUE_MAIN_SCRIPT);
        this.queuePort = Ports.choose("azurite queue", port + 1, true);
        this.queueProcess = new ChildProcess("azurite-queue", logDir.resolve("azurite-queue.log"), location.resolve(QUEUE_PID_FILE));
        this.oauth = oauth;
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        this.hostAccountKey = Base64.getEncoder().encodeToString(key);
    }

    @Override
    void doStart() {
        createDirectories(location);
        List<String> command = new java.util.ArrayList<>(List.of(node.toString(), mainScript.toString(),
                "--blobHost", Ports.HOST,
                "--blobPort", Integer.toString(port),
                "--location", location.toString(),
                "--skipApiVersionCheck",
                "--loose",
                "--disableTelemetry"));
        if (oauth != null) {
            command.addAll(List.of("--cert", oauth.pfx().toString(), "--pwd", oauth.password(), "--oauth", "basic"));
        }
        List<String> queueCommand = new java.util.ArrayList<>(List.of(node.toString(), queueMainScript.toString(),
                "--queueHost", Ports.HOST,
                "--queuePort", Integer.toString(queuePort),
                "--location", location.toString(),
                "--skipApiVersionCheck",
                "--loose",
                "--disableTelemetry"));
        if (oauth != null) {
            queueCommand.addAll(List.of("--cert", oauth.pfx().toString(), "--pwd", oauth.password(), "--oauth", "basic"));
        }
        queueProcess.start(queueCommand, location, environment(), "azurite queue " + queuePort);
        process.start(command,
                location, environment(),
                "azurite " + port);
        process.awaitReady(() -> Ports.accepts(port, 250), STARTUP_TIMEOUT);
        queueProcess.awaitReady(() -> Ports.accepts(queuePort, 250), STARTUP_TIMEOUT);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("AZURITE_ACCOUNTS", ACCOUNT_NAME + ":" + ACCOUNT_KEY + ";" + HOST_ACCOUNT_NAME + ":" + hostAccountKey);
        if (oauth != null) {
            env.put("NODE_EXTRA_CA_CERTS", oauth.caCertificate().toString());
        }
        return env;
    }

    @Override
    void doStop() {
        process.stop(Duration.ofSeconds(5));
        queueProcess.stop(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return process.isAlive() && queueProcess.isAlive();
    }

    public int port() {
        return port;
    }

    /** The queue service's port. */
    public int queuePort() {
        return queuePort;
    }

    private String queueEndpoint(String account) {
        return scheme() + "://" + Ports.HOST + ":" + queuePort + "/" + account;
    }

    /** {@code http://127.0.0.1:<port>/devstoreaccount1}; {@code https://} with {@link LocalServices.Options#azuriteOAuth}. */
    public String blobEndpoint() {
        return blobEndpoint(ACCOUNT_NAME);
    }

    private String blobEndpoint(String account) {
        return scheme() + "://" + Ports.HOST + ":" + port + "/" + account;
    }

    private String scheme() {
        return oauth == null ? "http" : "https";
    }

    /** Whether this Azurite serves HTTPS and accepts bearer tokens ({@link LocalServices.Options#azuriteOAuth}). */
    public boolean acceptsTokens() {
        return oauth != null;
    }

    /** A storage connection string for the data account's blob and queue services (it carries the well-known emulator key). */
    public String connectionString() {
        return connectionString(ACCOUNT_NAME, ACCOUNT_KEY);
    }

    /** A storage connection string for the host account's blob and queue services (its key changes with every start). */
    public String hostConnectionString() {
        return connectionString(HOST_ACCOUNT_NAME, hostAccountKey);
    }

    private String connectionString(String account, String key) {
        return "DefaultEndpointsProtocol=" + scheme() + ";AccountName=" + account + ";AccountKey=" + key
                + ";BlobEndpoint=" + blobEndpoint(account) + ";QueueEndpoint=" + queueEndpoint(account) + ";";
    }

    @Override
    public String toString() {
        return "azurite " + blobEndpoint();
    }
}
