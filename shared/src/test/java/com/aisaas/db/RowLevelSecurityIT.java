package com.aisaas.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.DependencyException;
import com.aisaas.common.Scope;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The database's own guarantees, checked with raw SQL as the runtime role (no application code in between): what
 * the app's queries would still be held to if they forgot their tenant and owner predicates.
 */
class RowLevelSecurityIT {

    private static final String SUB = "same-sub";
    private static String url;
    private static Database runtime;
    private static final String FILE_A = UUID.randomUUID().toString();
    private static final String FILE_B = UUID.randomUUID().toString();

    @BeforeAll
    static void seed() throws SQLException {
        url = TestServices.freshDatabase("rls_it");
        runtime = TestServices.runtimeDatabase(url);
        try (Connection maintenance = connect(LocalPostgres.MAINTENANCE_ROLE);
             Statement s = maintenance.createStatement()) {
            s.execute("insert into files (id, tenant_id, owner_id, name, blob_path) values"
                    + " ('" + FILE_A + "', 'tenant-a', '" + SUB + "', 'a.txt', 'uploaded-files/tenant-a/same-sub/a'),"
                    + " ('" + FILE_B + "', 'tenant-b', '" + SUB + "', 'b.txt', 'uploaded-files/tenant-b/same-sub/b')");
            s.execute("insert into audit_log (actor, action, file_id, tenant_id, owner_id) values"
                    + " ('" + SUB + "', 'file.created', '" + FILE_A + "', 'tenant-a', '" + SUB + "'),"
                    + " ('" + SUB + "', 'file.created', '" + FILE_B + "', 'tenant-b', '" + SUB + "')");
            s.execute("insert into dead_letters (source, payload, reason, tenant_id, owner_id) values"
                    + " ('t', '{}', 'r', 'tenant-a', '" + SUB + "'), ('t', '{}', 'r', 'tenant-b', '" + SUB + "'),"
                    + " ('t', '{}', 'r', null, null)");
        }
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void withoutAScope_theRuntimeRoleSeesNoTenantRow() throws SQLException {
        try (Connection app = connect(LocalPostgres.RUNTIME_ROLE)) {
            assertThat(count(app, "files")).isZero();
            assertThat(count(app, "audit_log")).isZero();
            assertThat(count(app, "dead_letters")).isZero();
        }
    }

    @Test
    void theSameSubInAnotherTenant_isInvisible_evenToAQueryWithoutPredicates() throws SQLException {
        try (Connection app = connect(LocalPostgres.RUNTIME_ROLE)) {
            app.setAutoCommit(false);
            RowSecurity.actAs(app, new Scope("tenant-a", SUB));
            assertThat(ids(app, "select id from files")).isEqualTo(FILE_A);
            assertThat(count(app, "audit_log")).isEqualTo(1);
            assertThat(count(app, "dead_letters")).isEqualTo(1);
            try (Statement s = app.createStatement()) {
                assertThat(s.executeUpdate("update files set name = 'x' where id = '" + FILE_B + "'")).isZero();
                assertThat(s.executeUpdate("delete from files where id = '" + FILE_B + "'")).isZero();
            }
            assertThatThrownBy(() -> execute(app, "insert into files (tenant_id, owner_id, name, blob_path) values"
                    + " ('tenant-b', '" + SUB + "', 'n', 'uploaded-files/tenant-b/same-sub/n')"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            app.rollback();
        }
    }

    @Test
    void tenantScope_seesItsTenantsDeadLettersAndAudit_butNoFile_andPlatformScopeSeesDeadLettersOnly()
            throws SQLException {
        try (Connection app = connect(LocalPostgres.RUNTIME_ROLE)) {
            app.setAutoCommit(false);
            RowSecurity.tenant(app, "tenant-a");
            assertThat(count(app, "dead_letters")).isEqualTo(1);
            assertThat(count(app, "audit_log")).isEqualTo(1);
            assertThat(count(app, "files")).isZero();
            app.rollback();
            RowSecurity.platform(app);
            assertThat(count(app, "dead_letters")).isEqualTo(3);
            assertThat(count(app, "files")).isZero();
            assertThat(count(app, "audit_log")).isZero();
            app.rollback();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "alter table files disable row level security",
            "alter table files no force row level security",
            "drop policy files_runtime on files",
            "alter policy files_runtime on files using (true)",
            "create policy widen on files to public using (true)",
            "set role " + LocalPostgres.MAINTENANCE_ROLE,
            "set role " + LocalPostgres.OWNER_ROLE,
            "set session authorization " + LocalPostgres.OWNER_ROLE,
            "alter role " + LocalPostgres.RUNTIME_ROLE + " bypassrls",
            "grant " + LocalPostgres.MAINTENANCE_ROLE + " to " + LocalPostgres.RUNTIME_ROLE,
            "update audit_log set action = 'x'",
            "delete from audit_log",
            "truncate files",
            "create table mine (id int)"})
    void theRuntimeRole_cannotBypassDisableOrWidenThePolicies(String statement) throws SQLException {
        try (Connection app = connect(LocalPostgres.RUNTIME_ROLE)) {
            assertThatThrownBy(() -> execute(app, statement)).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).as(e.getMessage()).isIn("42501", "42000"));
        }
    }

    @Test
    void theMaintenanceRole_crossesTenants() throws SQLException {
        try (Connection maintenance = connect(LocalPostgres.MAINTENANCE_ROLE)) {
            assertThat(count(maintenance, "files")).isEqualTo(2);
            assertThat(count(maintenance, "dead_letters")).isEqualTo(3);
        }
    }

    @Test
    void theApp_refusesToRunAsTheSchemaOwner() {
        DatabaseSettings asOwner = new DatabaseSettings(url, LocalPostgres.OWNER_ROLE, AuthMode.PASSWORD,
                Optional.empty(), 1, 0, Duration.ofSeconds(5), 1, Duration.ofMillis(10), false,
                LocalPostgres.MAINTENANCE_ROLE, Optional.empty());
        try (Database owner = Database.connect(asOwner, TestServices.databaseSecrets(), new SimpleMeterRegistry(),
                Optional.empty(), Clock.systemUTC())) {
            assertThatThrownBy(() -> owner.query(c -> count(c, "files")))
                    .isInstanceOfSatisfying(DependencyException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(LocalPostgres.OWNER_ROLE).contains("owns the tables");
                    });
        }
    }

    @Test
    void theScopeLookupOfABlob_revealsOnlyThatFilesTenantAndOwner() throws SQLException {
        try (Connection app = connect(LocalPostgres.RUNTIME_ROLE)) {
            app.setAutoCommit(false);
            assertThat(RowSecurity.actAsOwnerOfBlob(app, "uploaded-files/tenant-b/same-sub/b"))
                    .contains(new Scope("tenant-b", SUB));
            assertThat(ids(app, "select id from files")).isEqualTo(FILE_B);
            app.rollback();
            assertThat(RowSecurity.actAsOwnerOfBlob(app, "uploaded-files/nobody/x")).isEmpty();
            assertThat(count(app, "files")).isZero();
            app.rollback();
        }
    }

    private static Connection connect(String role) throws SQLException {
        return DriverManager.getConnection(url, role, LocalPostgres.PASSWORD);
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static int count(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String ids(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            StringBuilder ids = new StringBuilder();
            while (rs.next()) {
                ids.append(ids.isEmpty() ? "" : ",").append(rs.getString(1));
            }
            return ids.toString();
        }
    }
}
