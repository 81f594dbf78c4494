package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.Scope;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.TestServices;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the real PostgreSQL 17 of devhost's local services. */
class DatabaseIT {

    private static String url;
    private static Database database;
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Other Database instances of these tests: closing a pool removes its meters, so keep them apart. */
    private static final SimpleMeterRegistry otherRegistry = new SimpleMeterRegistry();

    @BeforeAll
    static void migrateFreshDatabase() {
        url = TestServices.freshDatabase("db_it");
        database = Database.connect(settings(url, Optional.empty(), true), secrets(), registry, Optional.empty(),
                Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    static DatabaseSettings settings(String jdbcUrl, Optional<String> readUrl, boolean migrate) {
        return new DatabaseSettings(jdbcUrl, LocalPostgres.RUNTIME_ROLE, AuthMode.PASSWORD, readUrl, 3, 0,
                Duration.ofMillis(1000), 4, Duration.ofMillis(10), migrate, LocalPostgres.MAINTENANCE_ROLE,
                Optional.of(LocalPostgres.OWNER_ROLE));
    }

    static SecretResolver secrets() {
        return TestServices.databaseSecrets();
    }

    @Test
    void migrate_freshDatabase_createsEveryTable() {
        List<String> tables = database.query(c -> strings(c,
                "select tablename from pg_tables where schemaname = 'public' order by 1"));

        assertThat(tables).contains("files", "processed_events", "audit_log", "health_checks", "backup_runs",
                "dead_letters", "lifecycle_runs", "alerts", "maintenance_runs", "flyway_schema_history");
    }

    @Test
    void migrate_filesHasTheDesignedColumnsConstraintsAndIndexes() {
        List<String> columns = database.query(c -> strings(c,
                "select column_name from information_schema.columns where table_name = 'files' order by ordinal_position"));
        assertThat(columns).containsExactly("id", "tenant_id", "owner_id", "name", "declared_content_type",
                "detected_content_type", "size_bytes", "declared_size_bytes", "sha256", "status", "rejection_reason",
                "blob_path", "blob_etag", "access_tier", "tags", "metadata", "created_at", "updated_at",
                "processed_at", "deleted_at", "version", "previous_status", "processing_claim",
                "processing_claimed_until", "processing_attempts", "processing_error", "blob_container");

        List<String> indexes = database.query(c -> strings(c,
                "select indexname from pg_indexes where tablename = 'files' order by 1"));
        assertThat(indexes).contains("files_pkey", "files_blob_path_key", "files_scope_created_idx",
                "files_scope_status_created_idx", "files_name_trgm_idx", "files_scope_sha256_idx");

        List<String> scopeIndex = database.query(c -> strings(c,
                "select indexdef from pg_indexes where indexname = 'files_scope_created_idx'"));
        assertThat(scopeIndex.get(0)).contains("(tenant_id, owner_id, created_at DESC, id DESC)");
    }

    @Test
    void migrate_enablesRowLevelSecurity_withPoliciesForTheRuntimeAndMaintenanceRolesOnly() {
        List<String> flags = database.query(c -> strings(c, "select relname || ':' || relrowsecurity from pg_class"
                + " where relname in ('files', 'audit_log', 'dead_letters') order by relname"));
        List<String> policies = database.query(c -> strings(c, "select tablename || ':' || policyname || ':'"
                + " || array_to_string(roles, ',') from pg_policies where tablename = 'files' order by policyname"));

        assertThat(flags).containsExactly("audit_log:true", "dead_letters:true", "files:true");
        assertThat(policies).containsExactly("files:files_maintenance:" + LocalPostgres.MAINTENANCE_ROLE,
                "files:files_runtime:" + LocalPostgres.RUNTIME_ROLE);
    }

    @Test
    void migrate_secondRun_appliesNothing() {
        assertThat(Database.migrate(settings(url, Optional.empty(), true), secrets(), Optional.empty(),
                Retry.of(2, Duration.ofMillis(10))).migrationsExecuted).isZero();
    }

    @Test
    void schema_rejectsAnUnknownStatus() {
        assertThatThrownBy(() -> database.inTransaction(c -> {
            RowSecurity.actAs(c, new Scope("t", "o"));
            try (PreparedStatement insert = c.prepareStatement(
                    "insert into files (tenant_id, owner_id, name, status, blob_path) values ('t', 'o', 'n', 'bogus', ?)")) {
                insert.setString(1, "uploaded-files/t/o/" + UUID.randomUUID());
                return insert.executeUpdate();
            }
        })).isInstanceOfSatisfying(DependencyException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("23514");
        });
    }

    @Test
    void inTransaction_duplicateBlobPath_isAConflict() {
        String path = "uploaded-files/t/o/" + UUID.randomUUID() + "/a.txt";
        SqlWork<Integer> insert = c -> {
            RowSecurity.actAs(c, new Scope("t", "o"));
            try (PreparedStatement statement = c.prepareStatement(
                    "insert into files (tenant_id, owner_id, name, blob_path) values ('t', 'o', 'a.txt', ?)")) {
                statement.setString(1, path);
                return statement.executeUpdate();
            }
        };
        assertThat(database.inTransaction(insert)).isEqualTo(1);

        assertThatThrownBy(() -> database.inTransaction(insert)).isInstanceOf(ConflictException.class);
    }

    @Test
    void inTransaction_backendTerminatedMidway_isRetriedAndSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        int answer = database.inTransaction(c -> {
            int attempt = attempts.incrementAndGet();
            if (attempt == 1) {
                int pid = intValue(c, "select pg_backend_pid()");
                terminateFromAnotherConnection(pid);
            }
            return intValue(c, "select 42");
        });

        assertThat(answer).isEqualTo(42);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void inTransaction_workFailsOnItsOwnBackendTermination_isRetried() {
        AtomicInteger attempts = new AtomicInteger();

        String result = database.inTransaction(c -> {
            if (attempts.incrementAndGet() == 1) {
                try (Statement statement = c.createStatement()) {
                    statement.execute("select pg_terminate_backend(pg_backend_pid())");
                }
            }
            return "second attempt";
        });

        assertThat(result).isEqualTo("second attempt");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void inTransaction_serverUnreachable_givesUpAfterMaxAttemptsWithRetryableDependencyException() {
        List<Duration> sleeps = new ArrayList<>();
        String closed = "jdbc:postgresql://127.0.0.1:" + TestServices.closedPort() + "/aisaas";
        DatabaseSettings settings = new DatabaseSettings(closed, "app", AuthMode.PASSWORD, Optional.empty(), 2, 0,
                Duration.ofMillis(300), 3, Duration.ofMillis(10), false, "maint", Optional.empty());
        AtomicInteger workRuns = new AtomicInteger();
        try (Database unreachable = new Database(
                new HikariDataSource(Database.poolConfig("it-unreachable", closed, false, settings, secrets(), otherRegistry,
                        Optional.empty())),
                null, new Retry(3, Duration.ofMillis(10), Duration.ofMillis(50), sleeps::add, () -> 0.5),
                Clock.systemUTC())) {

            assertThatThrownBy(() -> unreachable.inTransaction(c -> workRuns.incrementAndGet()))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.component()).isEqualTo("postgres");
                        assertThat(e.retryable()).isTrue();
                    });
        }
        assertThat(sleeps).hasSize(2);
        assertThat(workRuns).hasValue(0);
    }

    @Test
    void info_reportsVersionSslAndConnections() {
        DatabaseInfo info = database.info();

        assertThat(info.status()).isEqualTo("UP");
        assertThat(info.serverVersion()).startsWith("17.");
        assertThat(info.ssl()).isFalse();
        assertThat(info.activeConnections()).isGreaterThanOrEqualTo(1);
        assertThat(info.totalConnections()).isGreaterThanOrEqualTo(info.activeConnections());
        assertThat(info.maxConnections()).isPositive();
        assertThat(info.database()).startsWith("db_it_");
        assertThat(info.responseTimeMs()).isGreaterThanOrEqualTo(0);
        assertThat(info.replica()).isNull();
    }

    @Test
    void readOnly_replicaUnreachable_fallsBackToThePrimary_andInfoShowsTheReplicaDown() {
        String replicaUrl = "jdbc:postgresql://127.0.0.1:" + TestServices.closedPort() + "/aisaas";
        try (Database withReplica = Database.connect(settings(url, Optional.of(replicaUrl), false), secrets(), otherRegistry,
                Optional.empty(), Clock.systemUTC())) {

            assertThat(withReplica.hasReplica()).isTrue();
            int first = withReplica.readOnly(c -> intValue(c, "select 7"));
            int second = withReplica.readOnly(c -> intValue(c, "select 8"));
            assertThat(first).isEqualTo(7);
            assertThat(second).isEqualTo(8);

            DatabaseInfo info = withReplica.info();
            assertThat(info.isUp()).isTrue();
            assertThat(info.replica().isUp()).isFalse();
            assertThat(info.replica().error()).isNotBlank();
        }
    }

    @Test
    void readOnly_onAReachableReplica_runsInAReadOnlyTransaction() {
        try (Database withReplica = Database.connect(settings(url, Optional.of(url), false), secrets(), otherRegistry,
                Optional.empty(), Clock.systemUTC())) {

            List<String> readOnly = withReplica.readOnly(c -> strings(c, "show transaction_read_only"));
            assertThat(readOnly).containsExactly("on");
            assertThatThrownBy(() -> withReplica.readOnly(c -> {
                try (Statement statement = c.createStatement()) {
                    return statement.executeUpdate("insert into audit_log (actor, action) values ('it', 'write')");
                }
            })).isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.getMessage()).contains("25006"));
        }
    }

    @Test
    void pool_isInstrumentedOnTheRegistry() {
        database.ping();

        assertThat(registry.find("hikaricp.connections").tag("pool", "aisaas-primary").gauge()).isNotNull();
    }

    private static void terminateFromAnotherConnection(int pid) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
             PreparedStatement terminate = admin.prepareStatement("select pg_terminate_backend(?)")) {
            terminate.setInt(1, pid);
            terminate.execute();
        }
    }

    private static int intValue(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
