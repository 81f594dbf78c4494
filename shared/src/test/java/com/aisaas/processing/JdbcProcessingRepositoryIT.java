package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.AuthMode;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.db.Database;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.files.FileId;
import com.aisaas.files.FileStatus;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link JdbcProcessingRepository} against the real PostgreSQL with the production migrations. */
class JdbcProcessingRepositoryIT {

    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final String SHA = "a".repeat(64);

    private static String url;
    private static Database database;
    private static JdbcProcessingRepository repository;

    @BeforeAll
    static void migrate() {
        url = TestServices.freshDatabase("processing_it");
        SecretResolver secrets = new SecretResolver(Map.of("DB_PASSWORD", LocalPostgres.PASSWORD), Optional.empty(),
                Duration.ZERO, uri -> {
                    throw new AssertionError("no vault");
                }, Clock.systemUTC());
        database = Database.connect(new DatabaseSettings(url, LocalPostgres.USER, AuthMode.PASSWORD, Optional.empty(),
                        3, 0, Duration.ofSeconds(2), 3, Duration.ofMillis(10), true), secrets,
                new SimpleMeterRegistry(), Optional.empty(), Clock.systemUTC());
        repository = new JdbcProcessingRepository(database);
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void claim_pendingRow_thenFinishOnce_andAClaimAfterFinishingFindsTheStatus() throws SQLException {
        String path = insertPending("report.pdf", "application/pdf", 10);

        ProcessingRepository.Claim claim = repository.claim(path, NOW);
        assertThat(claim.row()).isPresent();
        UploadRow row = claim.row().get();
        assertThat(row.declaredContentType()).isEqualTo("application/pdf");
        assertThat(row.declaredSizeBytes()).isEqualTo(10);
        assertThat(status(path)).isEqualTo("processing");

        ProcessingRepository.Outcome ready = new ProcessingRepository.Outcome(FileStatus.READY, SHA,
                "application/pdf", 10L, "0x8D", null);
        assertThat(repository.finish(row, ready, NOW)).isTrue();
        assertThat(repository.finish(row, new ProcessingRepository.Outcome(FileStatus.REJECTED, SHA, "text/plain",
                10L, "0x8D", "late"), NOW)).isFalse();

        assertThat(status(path)).isEqualTo("ready");
        assertThat(count("select count(*) from audit_log where file_id = '" + row.id() + "'")).isEqualTo(1);
        ProcessingRepository.Claim again = repository.claim(path, NOW);
        assertThat(again.row()).isEmpty();
        assertThat(again.status()).contains(FileStatus.READY);
    }

    @Test
    void failed_writesADeadLetter_andAnOrphanIsRecordedOnce() throws SQLException {
        String path = insertPending("broken.txt", "text/plain", 3);
        UploadRow row = repository.claim(path, NOW).row().orElseThrow();
        repository.finish(row, new ProcessingRepository.Outcome(FileStatus.FAILED, null, null, null, null,
                "the blob could not be read"), NOW);
        String orphan = "uploaded-files/t/o/" + FileId.random() + "/stray.bin";

        repository.recordOrphan(orphan, "0x1", NOW);
        repository.recordOrphan(orphan, "0x1", NOW);

        assertThat(status(path)).isEqualTo("failed");
        assertThat(count("select count(*) from dead_letters where source = 'upload-failed' and event_id = '" + path
                + "'")).isEqualTo(1);
        assertThat(count("select count(*) from dead_letters where source = 'upload-orphan' and event_id = '" + orphan
                + "@0x1'")).isEqualTo(1);
        assertThat(repository.claim(orphan, NOW)).isEqualTo(
                new ProcessingRepository.Claim(Optional.empty(), Optional.empty()));
    }

    private static String insertPending(String name, String type, long size) throws SQLException {
        FileId id = FileId.random();
        String path = "uploaded-files/tenant-1/owner-1/" + id + "/" + name;
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                     + " name, declared_content_type, declared_size_bytes, status, blob_path)"
                     + " values (?, 'tenant-1', 'owner-1', ?, ?, ?, 'pending', ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, name);
            insert.setString(3, type);
            insert.setLong(4, size);
            insert.setString(5, path);
            insert.executeUpdate();
        }
        return path;
    }

    private static String status(String path) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("select status from files where blob_path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = connect();
             ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD);
    }
}
