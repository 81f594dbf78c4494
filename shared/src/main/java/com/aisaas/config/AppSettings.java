package com.aisaas.config;

import static com.aisaas.config.Setting.*;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * All settings of the app, read once from the environment and validated together.
 *
 * <p>Rules beyond "present and well formed":
 * <ul>
 *   <li>DB_URL is always required; REDIS_URL and a storage connection are required in {@code azure} and
 *       optional locally (a component that is not configured is reported SKIPPED by the health check).</li>
 *   <li>In {@code azure}: DB_URL and DB_READ_URL carry {@code sslmode=require} or {@code verify-full};
 *       REDIS_URL is {@code rediss://}; storage uses {@code UploadsStorage__blobServiceUri} (managed identity),
 *       never a connection string; DB_AUTH_MODE=password needs DB_PASSWORD or a Key Vault (secret
 *       {@code db-password}).</li>
 *   <li>DB_AUTH_MODE=entra needs no password (a token from DefaultAzureCredential is the password).</li>
 * </ul>
 */
public record AppSettings(
        AppEnvironment environment,
        LogFormat logFormat,
        String logLevel,
        DatabaseSettings database,
        Optional<RedisSettings> redis,
        Optional<StorageSettings> storage,
        SecretSettings secrets,
        HealthSettings health,
        Optional<String> azureClientId,
        AuthSettings auth,
        RateLimitSettings rateLimit,
        IdempotencySettings idempotency,
        CacheSettings cache,
        FilesSettings files,
        ProcessingSettings processing,
        MaintenanceSettings maintenance,
        BackupSettings backups,
        ResilienceSettings resilience,
        SearchSettings search) {

    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");
    private static final Pattern SECRET_NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /**
     * Reads and validates every setting.
     *
     * @throws SettingsException naming each missing or malformed setting
     */
    public static AppSettings from(Map<String, String> env) {
        SettingsReader r = new SettingsReader(env);
        AppEnvironment environment = r.choice(APP_ENVIRONMENT, AppEnvironment.LOCAL, AppEnvironment.class);
        boolean azure = environment == AppEnvironment.AZURE;

        LogFormat logFormat = r.choice(LOG_FORMAT, LogFormat.TEXT, LogFormat.class);
        String logLevel = r.optional(LOG_LEVEL).map(l -> l.toUpperCase(Locale.ROOT)).orElse("INFO");
        if (!LOG_LEVELS.contains(logLevel)) {
            r.problem(LOG_LEVEL + " must be one of TRACE|DEBUG|INFO|WARN|ERROR|OFF (was '" + logLevel + "')");
        }

        Optional<String> azureClientId = r.optional(AZURE_CLIENT_ID);
        if (azureClientId.isPresent() && !GUID.matcher(azureClientId.get()).matches()) {
            r.problem(AZURE_CLIENT_ID + " must be the client id (a GUID) of the user-assigned managed identity");
        }

        SecretSettings secrets = readSecrets(r);
        DatabaseSettings database = readDatabase(r, azure, secrets.keyVaultUri().isPresent());
        Optional<RedisSettings> redis = readRedis(r, azure);
        Optional<StorageSettings> storage = readStorage(r, azure);
        HealthSettings health = readHealth(r);
        AuthSettings auth = readAuth(r, environment, secrets.keyVaultUri().isPresent());
        RateLimitSettings rateLimit = new RateLimitSettings(r.integer(RATE_LIMIT_PER_MINUTE, 100, 1, 1_000_000));
        IdempotencySettings idempotency = new IdempotencySettings(
                Duration.ofSeconds(r.integer(IDEMPOTENCY_LEASE_SECONDS, 60, 1, 3600)),
                Duration.ofHours(r.integer(IDEMPOTENCY_TTL_HOURS, 24, 1, 24 * 7)));
        CacheSettings cache = new CacheSettings(Duration.ofSeconds(r.integer(CACHE_TTL_SECONDS, 60, 0, 86_400)));

        FilesSettings files = FilesSettings.read(r);
        ProcessingSettings processing = new ProcessingSettings(r.integer(PROCESSING_MAX_ATTEMPTS,
                ProcessingSettings.DEFAULT_MAX_ATTEMPTS, 1, 100),
                Duration.ofSeconds(r.integer(PROCESSING_CLAIM_LEASE_SECONDS,
                        (int) ProcessingSettings.DEFAULT_CLAIM_LEASE.toSeconds(), 3, 3600)),
                r.uri(EVENTGRID_TOPIC_ENDPOINT, "https"));
        MaintenanceSettings maintenance = MaintenanceSettings.read(r, azure);
        BackupSettings backups = BackupSettings.read(r);
        ResilienceSettings resilience = ResilienceSettings.read(r, database.connectionTimeout());
        SearchSettings search = SearchSettings.read(r);

        r.throwIfProblems();
        return new AppSettings(environment, logFormat, logLevel, database, redis, storage, secrets, health,
                azureClientId, auth, rateLimit, idempotency, cache, files, processing, maintenance, backups,
                resilience, search);
    }

    private static SecretSettings readSecrets(SettingsReader r) {
        Optional<URI> vault = r.uri(KEYVAULT_URI, "https");
        Optional<String> probe = r.optional(KEYVAULT_PROBE_SECRET);
        if (probe.isPresent() && !SECRET_NAME.matcher(probe.get()).matches()) {
            r.problem(KEYVAULT_PROBE_SECRET + " must be a Key Vault secret name (letters, digits and '-')");
        }
        int ttl = r.integer(SECRET_CACHE_TTL_SECONDS, 300, 0, 86_400);
        return new SecretSettings(vault, probe, Duration.ofSeconds(ttl));
    }

    private static DatabaseSettings readDatabase(SettingsReader r, boolean azure, boolean keyVault) {
        String url = r.required(DB_URL, "jdbc:postgresql://host:5432/db");
        if (url != null) {
            checkJdbcUrl(r, DB_URL, url, azure);
        }
        Optional<String> readUrl = r.optional(DB_READ_URL);
        readUrl.ifPresent(u -> checkJdbcUrl(r, DB_READ_URL, u, azure));
        String user = r.required(DB_USER, "the database role the app connects as");
        AuthMode authMode = r.choice(DB_AUTH_MODE, AuthMode.PASSWORD, AuthMode.class);
        if (azure && authMode == AuthMode.PASSWORD && r.optional(DB_PASSWORD).isEmpty() && !keyVault) {
            r.problem(DB_PASSWORD + " is missing (DB_AUTH_MODE=password in azure needs DB_PASSWORD, a Key Vault"
                    + " reference, or KEYVAULT_URI with the secret db-password; or use DB_AUTH_MODE=entra)");
        }
        int maxSize = r.integer(DB_POOL_MAX_SIZE, 5, 1, 50);
        int minIdle = r.integer(DB_POOL_MIN_IDLE, 0, 0, 50);
        if (minIdle > maxSize) {
            r.problem(DB_POOL_MIN_IDLE + " (" + minIdle + ") must not exceed " + DB_POOL_MAX_SIZE + " (" + maxSize + ")");
        }
        int timeoutMs = r.integer(DB_CONNECTION_TIMEOUT_MS, 1000, 250, 60_000);
        int attempts = r.integer(DB_RETRY_MAX_ATTEMPTS, 4, 1, 10);
        int baseDelayMs = r.integer(DB_RETRY_BASE_DELAY_MS, 100, 1, 10_000);
        boolean migrate = r.bool(DB_MIGRATE_ON_START, true);
        String maintenanceUser = r.required(DB_MAINTENANCE_USER,
                "the database role of the maintenance jobs that cross tenants");
        Optional<String> migrationUser = r.optional(DB_MIGRATION_USER);
        if (migrate && migrationUser.isEmpty()) {
            r.problem(DB_MIGRATION_USER + " is missing: DB_MIGRATE_ON_START=true runs the migrations as the schema"
                    + " owner role it names (or set DB_MIGRATE_ON_START=false and migrate separately)");
        }
        if (user != null && user.equals(maintenanceUser)) {
            r.problem(DB_MAINTENANCE_USER + " must be another role than " + DB_USER
                    + ": the maintenance role sees every tenant's rows");
        }
        if (user != null && migrationUser.filter(user::equals).isPresent()) {
            r.problem(DB_MIGRATION_USER + " must be another role than " + DB_USER
                    + ": the runtime role must not own the schema (the owner is not held by row-level security)");
        }
        java.util.Map<DatabaseSettings.Role, String> clientIds = new java.util.EnumMap<>(DatabaseSettings.Role.class);
        r.optional(DB_MAINTENANCE_CLIENT_ID).ifPresent(id -> clientIds.put(DatabaseSettings.Role.MAINTENANCE, id));
        r.optional(DB_MIGRATION_CLIENT_ID).ifPresent(id -> clientIds.put(DatabaseSettings.Role.MIGRATION, id));
        return new DatabaseSettings(url, user, authMode, readUrl, maxSize, minIdle, Duration.ofMillis(timeoutMs),
                attempts, Duration.ofMillis(baseDelayMs), migrate, maintenanceUser == null ? "" : maintenanceUser,
                migrationUser, clientIds);
    }

    private static void checkJdbcUrl(SettingsReader r, String name, String url, boolean azure) {
        if (!url.startsWith("jdbc:postgresql://")) {
            r.problem(name + " must start with jdbc:postgresql://");
            return;
        }
        if (azure) {
            String sslmode = JdbcUrls.parameter(url, "sslmode").orElse("");
            if (!sslmode.equals("require") && !sslmode.equals("verify-full")) {
                r.problem(name + " must set sslmode=require or sslmode=verify-full in azure");
            }
        }
    }

    /**
     * Azure: AUTH_ISSUER and AUTH_AUDIENCE are required, AUTH_JWKS_URL is https, some key source exists
     * (AUTH_JWKS_URL, JWT_SIGNING_KEY or a Key Vault holding jwt-signing-key), and the public local sample key
     * is refused. Everywhere: a plain HS256 key has at least 32 bytes.
     */
    private static AuthSettings readAuth(SettingsReader r, AppEnvironment environment, boolean keyVault) {
        boolean azure = environment == AppEnvironment.AZURE;
        Optional<String> issuer = r.optional(AUTH_ISSUER);
        Optional<String> audience = r.optional(AUTH_AUDIENCE);
        if (azure && issuer.isEmpty()) {
            r.problem(AUTH_ISSUER + " is missing (the iss of accepted tokens, e.g."
                    + " https://login.microsoftonline.com/<tenant>/v2.0)");
        }
        if (azure && audience.isEmpty()) {
            r.problem(AUTH_AUDIENCE + " is missing (the aud of accepted tokens: the API's client id or"
                    + " app id URI)");
        }
        Set<String> audiences = new LinkedHashSet<>();
        for (String part : audience.orElse(AuthSettings.LOCAL_AUDIENCE).split(",")) {
            if (!part.isBlank()) {
                audiences.add(part.trim());
            }
        }
        if (audiences.isEmpty()) {
            r.problem(AUTH_AUDIENCE + " must name at least one audience");
        }
        Optional<URI> jwks = azure ? r.uri(AUTH_JWKS_URL, "https") : r.uri(AUTH_JWKS_URL, "https", "http");
        for (String name : new String[] {JWT_SIGNING_KEY, JWT_SIGNING_KEY_PREVIOUS}) {
            Optional<String> key = r.optional(name);
            if (key.isEmpty() || key.get().startsWith("@Microsoft.KeyVault(")) {
                continue;
            }
            if (azure && key.get().equals(AuthSettings.LOCAL_SAMPLE_SIGNING_KEY)) {
                r.problem(name + " is the public local sample key, which is refused in azure"
                        + " (put a random key of at least 32 bytes in Key Vault, or use AUTH_JWKS_URL)");
            } else if (key.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    < AuthSettings.MIN_SIGNING_KEY_BYTES) {
                r.problem(name + " must be at least " + AuthSettings.MIN_SIGNING_KEY_BYTES + " bytes (HS256)");
            }
        }
        if (azure && r.optional(AUTH_JWKS_URL).isEmpty() && r.optional(JWT_SIGNING_KEY).isEmpty() && !keyVault) {
            r.problem("no token signing key is configured: set " + AUTH_JWKS_URL + " (RS256, Entra ID) or "
                    + JWT_SIGNING_KEY + " / KEYVAULT_URI with the secret jwt-signing-key (HS256)");
        }
        for (String name : new String[] {FILES_CURSOR_KEY, FILES_CURSOR_KEY_PREVIOUS}) {
            Optional<String> key = r.optional(name);
            if (key.isEmpty() || key.get().startsWith("@Microsoft.KeyVault(")) {
                continue;
            }
            if (azure && key.get().equals(FilesSettings.LOCAL_SAMPLE_CURSOR_KEY)) {
                r.problem(name + " is the public local sample key, which is refused in azure"
                        + " (put a random key of at least 32 bytes in Key Vault as files-cursor-key)");
            } else if (key.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    < FilesSettings.MIN_CURSOR_KEY_BYTES) {
                r.problem(name + " must be at least " + FilesSettings.MIN_CURSOR_KEY_BYTES + " bytes");
            }
        }
        if (azure && r.optional(FILES_CURSOR_KEY).isEmpty() && !keyVault) {
            r.problem("no list cursor key is configured: set " + FILES_CURSOR_KEY
                    + " or KEYVAULT_URI with the secret files-cursor-key");
        }
        int skew = r.integer(AUTH_CLOCK_SKEW_SECONDS, 60, 0, 300);
        String tenantClaim = r.optional(AUTH_TENANT_CLAIM).orElse("tid");
        String rolesClaim = r.optional(AUTH_ROLES_CLAIM).orElse("roles");
        return new AuthSettings(issuer.orElse(AuthSettings.LOCAL_ISSUER), audiences, jwks, Duration.ofSeconds(skew),
                tenantClaim, rolesClaim, environment);
    }

    private static Optional<RedisSettings> readRedis(SettingsReader r, boolean azure) {
        AuthMode authMode = r.choice(REDIS_AUTH_MODE, AuthMode.PASSWORD, AuthMode.class);
        int timeoutMs = r.integer(REDIS_TIMEOUT_MS, 500, 50, 60_000);
        int poolMaxSize = r.integer(REDIS_POOL_MAX_SIZE, RedisSettings.DEFAULT_POOL_MAX_SIZE, 1, 1000);
        if (r.optional(REDIS_URL).isEmpty()) {
            if (azure) {
                r.problem(REDIS_URL + " is missing (rediss://<name>.redis.cache.windows.net:6380)");
            }
            return Optional.empty();
        }
        Optional<URI> url = r.uri(REDIS_URL, "redis", "rediss");
        if (url.isEmpty()) {
            return Optional.empty();
        }
        String path = url.get().getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
            r.problem(REDIS_URL + " path must be a database number (/0../15)");
        }
        if (azure && !"rediss".equalsIgnoreCase(url.get().getScheme())) {
            r.problem(REDIS_URL + " must use rediss:// (TLS) in azure");
        }
        return Optional.of(new RedisSettings(url.get(), authMode, Duration.ofMillis(timeoutMs), poolMaxSize));
    }

    private static Optional<StorageSettings> readStorage(SettingsReader r, boolean azure) {
        Optional<String> connectionString = r.optional(UPLOADS_STORAGE);
        Optional<URI> serviceUri = r.uri(UPLOADS_STORAGE_BLOB_SERVICE_URI, "https", "http");
        boolean serviceUriGiven = r.optional(UPLOADS_STORAGE_BLOB_SERVICE_URI).isPresent();
        if (azure) {
            if (connectionString.isPresent()) {
                r.problem(UPLOADS_STORAGE + " (a connection string with a shared key) is not allowed in azure;"
                        + " set " + UPLOADS_STORAGE_BLOB_SERVICE_URI + " and use the managed identity");
            }
            if (!serviceUriGiven) {
                r.problem(UPLOADS_STORAGE_BLOB_SERVICE_URI + " is missing (https://<account>.blob.core.windows.net)");
            } else if (serviceUri.isPresent() && !"https".equalsIgnoreCase(serviceUri.get().getScheme())) {
                r.problem(UPLOADS_STORAGE_BLOB_SERVICE_URI + " must use https in azure");
            }
        }
        if (connectionString.isPresent() && !connectionString.get().startsWith("@Microsoft.KeyVault(")
                && !looksLikeConnectionString(connectionString.get())) {
            r.problem(UPLOADS_STORAGE + " must be a storage connection string"
                    + " (DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...;BlobEndpoint=...)"
                    + " or UseDevelopmentStorage=true");
        }
        if (connectionString.isEmpty() && serviceUri.isEmpty()) {
            return Optional.empty();
        }
        Optional<URI> queueUri = r.uri(UPLOADS_STORAGE_QUEUE_SERVICE_URI, "https", "http");
        if (azure && queueUri.isPresent() && !"https".equalsIgnoreCase(queueUri.get().getScheme())) {
            r.problem(UPLOADS_STORAGE_QUEUE_SERVICE_URI + " must use https in azure");
        }
        return Optional.of(new StorageSettings(serviceUri.isPresent() ? Optional.empty() : connectionString, serviceUri,
                serviceUri.isPresent() ? queueUri : Optional.empty()));
    }

    private static boolean looksLikeConnectionString(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.contains("usedevelopmentstorage=true")
                || (v.contains("accountname=") && (v.contains("accountkey=") || v.contains("sharedaccesssignature=")))
                || v.contains("blobendpoint=");
    }

    private static HealthSettings readHealth(SettingsReader r) {
        Set<String> required = new LinkedHashSet<>(HealthSettings.COMPONENTS);
        Optional<String> value = r.optional(HEALTH_REQUIRED_COMPONENTS);
        if (value.isPresent()) {
            required.clear();
            if (!value.get().equalsIgnoreCase("none")) {
                for (String part : Arrays.asList(value.get().split(","))) {
                    String component = part.trim().toLowerCase(Locale.ROOT);
                    if (component.isEmpty()) {
                        continue;
                    }
                    if (HealthSettings.COMPONENTS.contains(component)) {
                        required.add(component);
                    } else {
                        r.problem(HEALTH_REQUIRED_COMPONENTS + " has an unknown component '" + component
                                + "' (known: " + String.join(",", HealthSettings.COMPONENTS) + ", or none)");
                    }
                }
            }
        }
        int timeoutMs = r.integer(HEALTH_CHECK_TIMEOUT_MS, 2000, 100, 30_000);
        return new HealthSettings(required, Duration.ofMillis(timeoutMs));
    }
}
