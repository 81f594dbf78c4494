package com.aisaas.config;

/** The names of the app settings (environment variables); local.settings.sample.json lists them all. */
public final class Setting {

    public static final String APP_ENVIRONMENT = "APP_ENVIRONMENT";
    public static final String LOG_FORMAT = "LOG_FORMAT";
    public static final String LOG_LEVEL = "LOG_LEVEL";

    public static final String DB_URL = "DB_URL";
    public static final String DB_USER = "DB_USER";
    public static final String DB_PASSWORD = "DB_PASSWORD";
    public static final String DB_AUTH_MODE = "DB_AUTH_MODE";
    public static final String DB_READ_URL = "DB_READ_URL";
    public static final String DB_POOL_MAX_SIZE = "DB_POOL_MAX_SIZE";
    public static final String DB_POOL_MIN_IDLE = "DB_POOL_MIN_IDLE";
    public static final String DB_CONNECTION_TIMEOUT_MS = "DB_CONNECTION_TIMEOUT_MS";
    public static final String DB_RETRY_MAX_ATTEMPTS = "DB_RETRY_MAX_ATTEMPTS";
    public static final String DB_RETRY_BASE_DELAY_MS = "DB_RETRY_BASE_DELAY_MS";
    public static final String DB_MIGRATE_ON_START = "DB_MIGRATE_ON_START";
    public static final String DB_MAINTENANCE_USER = "DB_MAINTENANCE_USER";
    public static final String DB_MAINTENANCE_PASSWORD = "DB_MAINTENANCE_PASSWORD";
    public static final String DB_MIGRATION_USER = "DB_MIGRATION_USER";
    public static final String DB_MIGRATION_PASSWORD = "DB_MIGRATION_PASSWORD";
    public static final String DB_MAINTENANCE_CLIENT_ID = "DB_MAINTENANCE_CLIENT_ID";
    public static final String DB_MIGRATION_CLIENT_ID = "DB_MIGRATION_CLIENT_ID";
    public static final String DB_REQUEST_BUDGET_MS = "DB_REQUEST_BUDGET_MS";
    public static final String DB_BACKGROUND_BUDGET_MS = "DB_BACKGROUND_BUDGET_MS";

    // Circuit breakers of PostgreSQL and Redis (docs/reliability.md).
    public static final String CIRCUIT_BREAKER_ENABLED = "CIRCUIT_BREAKER_ENABLED";
    public static final String CIRCUIT_FAILURE_THRESHOLD = "CIRCUIT_FAILURE_THRESHOLD";
    public static final String CIRCUIT_OPEN_MS = "CIRCUIT_OPEN_MS";
    public static final String CIRCUIT_PROBE_INTERVAL_MS = "CIRCUIT_PROBE_INTERVAL_MS";

    public static final String REDIS_URL = "REDIS_URL";
    public static final String REDIS_PASSWORD = "REDIS_PASSWORD";
    public static final String REDIS_AUTH_MODE = "REDIS_AUTH_MODE";
    public static final String REDIS_TIMEOUT_MS = "REDIS_TIMEOUT_MS";

    public static final String UPLOADS_STORAGE = "UploadsStorage";
    public static final String UPLOADS_STORAGE_BLOB_SERVICE_URI = "UploadsStorage__blobServiceUri";
    /** The uploads account's queue service (identity-based), where the blob trigger's poison queue lives. */
    public static final String UPLOADS_STORAGE_QUEUE_SERVICE_URI = "UploadsStorage__queueServiceUri";

    public static final String KEYVAULT_URI = "KEYVAULT_URI";
    public static final String KEYVAULT_PROBE_SECRET = "KEYVAULT_PROBE_SECRET";
    public static final String SECRET_CACHE_TTL_SECONDS = "SECRET_CACHE_TTL_SECONDS";
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";

    public static final String HEALTH_REQUIRED_COMPONENTS = "HEALTH_REQUIRED_COMPONENTS";
    public static final String HEALTH_CHECK_TIMEOUT_MS = "HEALTH_CHECK_TIMEOUT_MS";

    // Bearer tokens: HS256 keys are secrets (jwt-signing-key, jwt-signing-key-previous).
    public static final String JWT_SIGNING_KEY = "JWT_SIGNING_KEY";
    public static final String JWT_SIGNING_KEY_PREVIOUS = "JWT_SIGNING_KEY_PREVIOUS";
    // List cursors are signed with a secret (files-cursor-key, files-cursor-key-previous during a rotation).
    public static final String FILES_CURSOR_KEY = "FILES_CURSOR_KEY";
    public static final String FILES_CURSOR_KEY_PREVIOUS = "FILES_CURSOR_KEY_PREVIOUS";
    public static final String AUTH_JWKS_URL = "AUTH_JWKS_URL";
    public static final String AUTH_ISSUER = "AUTH_ISSUER";
    public static final String AUTH_AUDIENCE = "AUTH_AUDIENCE";
    public static final String AUTH_CLOCK_SKEW_SECONDS = "AUTH_CLOCK_SKEW_SECONDS";
    public static final String AUTH_TENANT_CLAIM = "AUTH_TENANT_CLAIM";
    public static final String AUTH_ROLES_CLAIM = "AUTH_ROLES_CLAIM";

    // Redis-backed request guards and cache; all fail open while Redis is down.
    public static final String RATE_LIMIT_PER_MINUTE = "RATE_LIMIT_PER_MINUTE";
    public static final String IDEMPOTENCY_LEASE_SECONDS = "IDEMPOTENCY_LEASE_SECONDS";
    public static final String IDEMPOTENCY_TTL_HOURS = "IDEMPOTENCY_TTL_HOURS";
    public static final String CACHE_TTL_SECONDS = "CACHE_TTL_SECONDS";

    // Files API limits.
    public static final String UPLOAD_ALLOWED_CONTENT_TYPES = "UPLOAD_ALLOWED_CONTENT_TYPES";
    public static final String UPLOAD_MAX_BYTES = "UPLOAD_MAX_BYTES";
    public static final String DIRECT_UPLOAD_MAX_BYTES = "DIRECT_UPLOAD_MAX_BYTES";
    public static final String UPLOAD_SAS_MINUTES = "UPLOAD_SAS_MINUTES";
    public static final String DOWNLOAD_SAS_MINUTES = "DOWNLOAD_SAS_MINUTES";
    public static final String INLINE_DOWNLOAD_MAX_BYTES = "INLINE_DOWNLOAD_MAX_BYTES";
    public static final String FILES_RESTORE_WINDOW_DAYS = "FILES_RESTORE_WINDOW_DAYS";

    public static final String REDIS_POOL_MAX_SIZE = "REDIS_POOL_MAX_SIZE";

    // Upload processing and lifecycle events.
    public static final String PROCESSING_MAX_ATTEMPTS = "PROCESSING_MAX_ATTEMPTS";
    public static final String PROCESSING_CLAIM_LEASE_SECONDS = "PROCESSING_CLAIM_LEASE_SECONDS";

    // Text extraction for search (SearchSettings).
    public static final String EXTRACT_ENABLED = "EXTRACT_ENABLED";
    public static final String EXTRACT_MAX_BYTES = "EXTRACT_MAX_BYTES";
    public static final String EXTRACT_MAX_CHARS = "EXTRACT_MAX_CHARS";
    public static final String EXTRACT_TIMEOUT_MS = "EXTRACT_TIMEOUT_MS";
    public static final String SEARCH_RANK_CANDIDATES = "SEARCH_RANK_CANDIDATES";
    public static final String SEARCH_BACKFILL_BATCH = "SEARCH_BACKFILL_BATCH";
    public static final String SEARCH_BACKFILL_SECONDS = "SEARCH_BACKFILL_SECONDS";
    /** Event Grid custom topic for FileProcessed and alert events; empty = Redis pub/sub only. */
    public static final String EVENTGRID_TOPIC_ENDPOINT = "EVENTGRID_TOPIC_ENDPOINT";

    // Timer schedules: NCRONTAB, six fields, UTC; function.json refers to them as %NAME%.
    public static final String HEALTH_SWEEP_SCHEDULE = "HEALTH_SWEEP_SCHEDULE";
    public static final String BACKUP_EXPORT_SCHEDULE = "BACKUP_EXPORT_SCHEDULE";
    public static final String BACKUP_VERIFY_SCHEDULE = "BACKUP_VERIFY_SCHEDULE";
    public static final String RETENTION_PURGE_SCHEDULE = "RETENTION_PURGE_SCHEDULE";
    public static final String RECONCILE_SCHEDULE = "RECONCILE_SCHEDULE";
    public static final String UPLOAD_SWEEP_SCHEDULE = "UPLOAD_SWEEP_SCHEDULE";
    public static final String SEARCH_BACKFILL_SCHEDULE = "SEARCH_BACKFILL_SCHEDULE";
    public static final String UPLOAD_SWEEP_MIN_AGE_SECONDS = "UPLOAD_SWEEP_MIN_AGE_SECONDS";
    public static final String UPLOAD_SWEEP_BATCH_SIZE = "UPLOAD_SWEEP_BATCH_SIZE";
    public static final String UPLOAD_BACKLOG_ALERT_COUNT = "UPLOAD_BACKLOG_ALERT_COUNT";
    public static final String UPLOAD_BACKLOG_ALERT_MINUTES = "UPLOAD_BACKLOG_ALERT_MINUTES";
    public static final String UPLOAD_GIVE_UP_HOURS = "UPLOAD_GIVE_UP_HOURS";
    public static final String QUARANTINE_RETENTION_DAYS = "QUARANTINE_RETENTION_DAYS";

    // Health sweep and alerts.
    public static final String ALERT_WEBHOOK_URL = "ALERT_WEBHOOK_URL";
    public static final String HEALTH_DB_CONNECTIONS_ALERT = "HEALTH_DB_CONNECTIONS_ALERT";
    public static final String HEALTH_DB_LATENCY_ALERT_MS = "HEALTH_DB_LATENCY_ALERT_MS";
    public static final String HEALTH_REPLICA_LAG_ALERT_SECONDS = "HEALTH_REPLICA_LAG_ALERT_SECONDS";
    public static final String HEALTH_REDIS_MEMORY_ALERT_PERCENT = "HEALTH_REDIS_MEMORY_ALERT_PERCENT";

    // Backups.
    public static final String BACKUP_RPO_HOURS = "BACKUP_RPO_HOURS";
    public static final String BACKUP_VERIFY_SAMPLE_SIZE = "BACKUP_VERIFY_SAMPLE_SIZE";
    public static final String BACKUP_RETENTION_DAYS = "BACKUP_RETENTION_DAYS";

    // Retention and reconciliation.
    public static final String PROCESSED_EVENTS_RETENTION_DAYS = "PROCESSED_EVENTS_RETENTION_DAYS";
    public static final String HEALTH_CHECKS_RETENTION_DAYS = "HEALTH_CHECKS_RETENTION_DAYS";
    public static final String DEAD_LETTERS_RETENTION_DAYS = "DEAD_LETTERS_RETENTION_DAYS";
    public static final String RETENTION_BATCH_SIZE = "RETENTION_BATCH_SIZE";
    public static final String RECONCILE_ORPHAN_MIN_AGE_MINUTES = "RECONCILE_ORPHAN_MIN_AGE_MINUTES";

    private Setting() {
    }
}
