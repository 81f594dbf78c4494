package com.aisaas.files;

import com.aisaas.common.Scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.NotFoundException;
import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.db.Database;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link JdbcFileRepository} against the real PostgreSQL 17 with the production migrations. */
class JdbcFileRepositoryIT {

    private static String url;
    private static Database database;
    private static JdbcFileRepository repository;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @BeforeAll
    static void migrate() {
        url = TestServices.freshDatabase("files_it");
        database = Database.connect(TestServices.databaseSettings(url, 3, Duration.ofSeconds(2), 3, true),
                TestServices.databaseSecrets(), new SimpleMeterRegistry(), Optional.empty(), Clock.systemUTC());
        repository = new JdbcFileRepository(database);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    private static String owner() {
        return "owner-" + UUID.randomUUID();
    }

    private static FileRecord file(String owner, String name, String type, FileStatus status, Instant createdAt) {
        FileId id = FileId.random();
        return new FileRecord(id, "tenant-1", owner, name, type, null, null, 10L, null, status, null,
                BlobPaths.of("tenant-1", owner, id, name), null, null, Map.of("k", "v"), createdAt, createdAt, null,
                status == FileStatus.DELETED ? createdAt : null, status == FileStatus.DELETED ? FileStatus.READY : null, 1);
    }

    private static AuditEntry audit(String owner, FileId id, String action) {
        return new AuditEntry(owner, action, id, "req-" + action, Map.of("test", true));
    }

    private static FileRecord create(FileRecord file) {
        return repository.create(file, audit(file.ownerId(), file.id(), "file.created"));
    }

    private static List<FileRecord> all(String owner, ListQuery query, int pageSize) {
        List<FileRecord> seen = new ArrayList<>();
        Optional<Cursor> after = Optional.empty();
        while (true) {
            List<FileRecord> page = repository.list(scope(owner), query, after, pageSize);
            seen.addAll(page);
            if (page.size() < pageSize) {
                return seen;
            }
            FileRecord last = page.get(page.size() - 1);
            after = Optional.of(new Cursor(last.createdAt(), last.id().value()));
        }
    }

    @Test
    void create_thenFind_roundTripsEveryField() {
        String owner = owner();
        FileRecord stored = create(file(owner, "Résumé.pdf", "application/pdf", FileStatus.PENDING,
                Instant.parse("2025-02-03T04:05:06.123456Z")));

        FileRecord found = repository.find(scope(owner), stored.id()).orElseThrow();

        assertThat(found).isEqualTo(stored);
        assertThat(found.name()).isEqualTo("Résumé.pdf");
        assertThat(found.tags()).containsEntry("k", "v");
        assertThat(found.createdAt()).isEqualTo(Instant.parse("2025-02-03T04:05:06.123456Z"));
        assertThat(found.version()).isEqualTo(1);
        assertThat(found.etag()).isEqualTo("\"1\"");
    }

    @Test
    void list_keysetOverEqualTimestamps_isStableAndComplete() {
        String owner = owner();
        List<FileRecord> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(create(file(owner, "same-" + i + ".txt", "text/plain", FileStatus.READY, T0)));
        }
        for (int i = 0; i < 5; i++) {
            created.add(create(file(owner, "later-" + i + ".txt", "text/plain", FileStatus.READY, T0.plusSeconds(i + 1))));
        }
        // PostgreSQL orders uuids bytewise, which is the order of their canonical strings.
        List<FileId> expected = created.stream()
                .sorted(Comparator.comparing(FileRecord::createdAt).thenComparing(f -> f.id().toString()).reversed())
                .map(FileRecord::id).toList();

        List<FileId> paged = all(owner, ListQuery.first(), 7).stream().map(FileRecord::id).toList();

        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(all(owner, ListQuery.first(), 1).stream().map(FileRecord::id).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void list_filtersByStatusTypeAndName_andHidesDeletedByDefault() {
        String owner = owner();
        create(file(owner, "100%_done.txt", "text/plain", FileStatus.READY, T0));
        create(file(owner, "100xxdone.txt", "text/plain", FileStatus.READY, T0.plusSeconds(1)));
        create(file(owner, "Photo.PNG", "image/png", FileStatus.PENDING, T0.plusSeconds(2)));
        create(file(owner, "scan.jpeg", "image/jpeg", FileStatus.REJECTED, T0.plusSeconds(3)));
        create(file(owner, "gone.pdf", "application/pdf", FileStatus.DELETED, T0.plusSeconds(4)));

        assertThat(names(owner, Map.of())).containsExactly("scan.jpeg", "Photo.PNG", "100xxdone.txt", "100%_done.txt");
        assertThat(names(owner, Map.of("status", "deleted"))).containsExactly("gone.pdf");
        assertThat(names(owner, Map.of("status", "ready"))).containsExactly("100xxdone.txt", "100%_done.txt");
        assertThat(names(owner, Map.of("contentType", "image/png"))).containsExactly("Photo.PNG");
        assertThat(names(owner, Map.of("contentType", "image/*"))).containsExactly("scan.jpeg", "Photo.PNG");
        assertThat(names(owner, Map.of("name", "photo"))).containsExactly("Photo.PNG");
        assertThat(names(owner, Map.of("name", "%_"))).containsExactly("100%_done.txt");
        assertThat(names(owner, Map.of("name", "0x"))).containsExactly("100xxdone.txt");
        assertThat(names(owner, Map.of("name", "\\"))).isEmpty();
        assertThat(names(owner, Map.of("status", "ready", "name", "done", "contentType", "text/plain")))
                .containsExactly("100xxdone.txt", "100%_done.txt");
    }

    private static List<String> names(String owner, Map<String, String> params) {
        return repository.list(scope(owner), ListQuery.parse(params), Optional.empty(), 100).stream()
                .map(FileRecord::name).toList();
    }

    @Test
    void everyMethod_isScopedToTheOwner() {
        String alice = owner();
        String bob = owner();
        FileRecord secret = create(file(alice, "secret.txt", "text/plain", FileStatus.READY, T0));

        assertThat(repository.find(scope(bob), secret.id())).isEmpty();
        assertThat(repository.list(scope(bob), ListQuery.first(), Optional.empty(), 10)).isEmpty();
        assertThatThrownBy(() -> repository.update(scope(bob), secret.id(), current -> {
            throw new AssertionError("must not see another owner's row");
        })).isInstanceOf(NotFoundException.class);
        repository.remove(scope(bob), secret.id(), audit(bob, secret.id(), "file.upload_failed"));

        assertThat(repository.find(scope(alice), secret.id())).isPresent();
    }

    @Test
    void update_movesTheVersion_writesTheAudit_andRollsBackWhenRefused() throws SQLException {
        String owner = owner();
        FileRecord stored = create(file(owner, "a.txt", "text/plain", FileStatus.READY, T0));
        Instant now = T0.plusSeconds(60);

        FileRecord renamed = repository.update(scope(owner), stored.id(), current -> new FileRepository.Update(
                current.withNameAndTags("b.txt", Map.of("x", "y"), now), audit(owner, current.id(), "file.updated")));
        assertThatThrownBy(() -> repository.update(scope(owner), stored.id(), current -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");
        FileRecord unchanged = repository.update(scope(owner), stored.id(), current -> null);
        FileRecord deleted = repository.update(scope(owner), stored.id(), current -> new FileRepository.Update(
                current.withState(FileStatus.DELETED, current.status(), now, now), audit(owner, current.id(), "file.deleted")));

        assertThat(renamed.version()).isEqualTo(2);
        assertThat(renamed.name()).isEqualTo("b.txt");
        assertThat(renamed.tags()).isEqualTo(Map.of("x", "y"));
        assertThat(renamed.updatedAt()).isEqualTo(now);
        assertThat(unchanged.version()).isEqualTo(2);
        assertThat(deleted.version()).isEqualTo(3);
        assertThat(deleted.status()).isEqualTo(FileStatus.DELETED);
        assertThat(deleted.previousStatus()).isEqualTo(FileStatus.READY);
        assertThat(deleted.deletedAt()).isEqualTo(now);
        assertThat(auditActions(stored.id())).containsExactly("file.created", "file.updated", "file.deleted");
    }

    @Test
    void trigger_movesTheVersionForWritesOutsideTheApi() throws SQLException {
        String owner = owner();
        FileRecord stored = create(file(owner, "a.txt", "text/plain", FileStatus.PENDING, T0));

        try (Connection c = DriverManager.getConnection(url, LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
             PreparedStatement s = c.prepareStatement("update files set status = 'ready' where id = ?")) {
            s.setObject(1, stored.id().value());
            s.executeUpdate();
        }

        FileRecord after = repository.find(scope(owner), stored.id()).orElseThrow();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.updatedAt()).isAfter(stored.updatedAt());
    }

    private static List<String> auditActions(FileId id) throws SQLException {
        List<String> actions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
             PreparedStatement s = c.prepareStatement(
                     "select action, request_id, actor from audit_log where file_id = ? order by id")) {
            s.setObject(1, id.value());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("request_id")).isEqualTo("req-" + rs.getString("action"));
                    actions.add(rs.getString("action"));
                }
            }
        }
        return actions;
    }

    /**
     * Row-level security on its own, as the runtime role the app connects as: with the scope of A declared, B's rows
     * are invisible even without an owner condition, cannot be changed, and rows for B cannot be inserted; without
     * a scope nothing is visible.
     */
    @Test
    void rowLevelSecurity_asANonSuperuser_confinesEveryStatementToTheCurrentOwner() throws SQLException {
        String alice = owner();
        String bob = owner();
        FileRecord a = create(file(alice, "a.txt", "text/plain", FileStatus.READY, T0));
        FileRecord b = create(file(bob, "b.txt", "text/plain", FileStatus.READY, T0));
        try (Connection app = DriverManager.getConnection(url, LocalPostgres.RUNTIME_ROLE, LocalPostgres.PASSWORD)) {
            assertThat(single(app, "select rolsuper or rolbypassrls from pg_roles where rolname = current_user"))
                    .isEqualTo("f");
            assertThat(single(app, "select count(*) from files")).as("no owner set: default deny").isEqualTo("0");

            app.setAutoCommit(false);
            setOwner(app, alice);
            assertThat(single(app, "select count(*) from files where id = '" + b.id() + "'")).isEqualTo("0");
            assertThat(single(app, "select count(*) from files where owner_id = '" + bob + "'")).isEqualTo("0");
            assertThat(single(app, "select string_agg(owner_id, ',') from files")).isEqualTo(alice);
            try (Statement s = app.createStatement()) {
                assertThat(s.executeUpdate("update files set name = 'pwned' where id = '" + b.id() + "'")).isZero();
                assertThat(s.executeUpdate("delete from files where id = '" + b.id() + "'")).isZero();
                assertThat(s.executeUpdate("update files set name = 'mine.txt' where id = '" + a.id() + "'")).isEqualTo(1);
            }
            app.commit();

            setOwner(app, alice);
            assertThatThrownBy(() -> {
                try (Statement s = app.createStatement()) {
                    s.executeUpdate("insert into files (tenant_id, owner_id, name, blob_path) values"
                            + " ('t', '" + bob + "', 'x.txt', 'uploaded-files/t/" + bob + "/x/x.txt')");
                }
            }).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            app.rollback();

            setOwner(app, alice);
            assertThatThrownBy(() -> {
                try (Statement s = app.createStatement()) {
                    s.executeUpdate("update files set owner_id = '" + bob + "' where id = '" + a.id() + "'");
                }
            }).as("moving a row to another owner").isInstanceOf(SQLException.class);
            app.rollback();
        }
        assertThat(repository.find(scope(bob), b.id()).orElseThrow().name()).isEqualTo("b.txt");
        assertThat(repository.find(scope(alice), a.id()).orElseThrow().name()).isEqualTo("mine.txt");
    }

    private static void setOwner(Connection connection, String owner) throws SQLException {
        com.aisaas.db.RowSecurity.actAs(connection, scope(owner));
    }

    private static Scope scope(String owner) {
        return new Scope("tenant-1", owner);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return String.valueOf(rs.getString(1)).toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void list_deepPage_usesTheScopeIndex() throws SQLException {
        String owner = owner();
        for (int i = 0; i < 3; i++) {
            create(file(owner, "x" + i + ".txt", "text/plain", FileStatus.READY, T0.plus(i, ChronoUnit.MINUTES)));
        }
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("set enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = s.executeQuery("explain select id from files where tenant_id = 'tenant-1'"
                    + " and owner_id = '" + owner + "'"
                    + " and status <> 'deleted' and (created_at, id) < ('2025-01-01T00:02:00Z', '" + UUID.randomUUID()
                    + "') order by created_at desc, id desc limit 21")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("files_scope_created_idx").doesNotContain("Sort");
        }
    }
}
