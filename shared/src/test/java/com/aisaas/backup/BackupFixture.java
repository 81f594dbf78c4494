package com.aisaas.backup;

import com.aisaas.config.AuthMode;
import com.aisaas.config.BackupSettings;
import com.aisaas.config.DatabaseSettings;
import com.aisaas.db.Database;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.files.BlobPaths;
import com.aisaas.secrets.SecretResolver;
import com.aisaas.testing.MutableClock;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One isolated backup world for a test: a fresh database migrated with the production migrations and seeded with
 * rows in every table (awkward values included: tabs, newlines, backslashes, quotes, non-ASCII, nulls), ready files
 * whose blobs exist in Azurite, and a backups container of its own.
 */
final class BackupFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-11-21T02:00:00Z");
    static final BackupSettings SETTINGS = new BackupSettings(Duration.ofHours(26), 5, Duration.ofDays(35));

    final String url;
    final Database database;
    final BlobServiceClient blobs;
    final BlobContainerClient backups;
    final MutableClock clock = new MutableClock(START);
    final String tenant = "backup-it-" + UUID.randomUUID().toString().substring(0, 8);
    final List<String> readyBlobPaths = new ArrayList<>();

    BackupFixture() {
        url = TestServices.freshDatabase("backup_it");
        database = connect(url);
        blobs = new BlobServiceClientBuilder()
                .connectionString(TestServices.services().azurite().connectionString()).buildClient();
        backups = blobs.getBlobContainerClient("backups-it-" + UUID.randomUUID().toString().substring(0, 8));
        blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).createIfNotExists();
    }

    static Database connect(String url) {
        TestServices.runtimeDatabase(url).close(); // migrates as the schema owner
        return TestServices.maintenanceDatabase(url); // backups are maintenance work: the maintenance role

    }

    BackupService service() {
        return service(BackupExporter.DEFAULT_PART_BYTES, BackupExporter.Listener.NONE);
    }

    /** Parts of at most {@code partBytes} of rows, and a hook after each table copied. */
    BackupService service(long partBytes, BackupExporter.Listener listener) {
        return new BackupService(database, blobs, new BackupStorage(backups), SETTINGS, clock, partBytes, listener);
    }

    BackupRestorer restorer() {
        return new BackupRestorer(new BackupStorage(backups));
    }

    static PGSimpleDataSource dataSource(String url) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(url);
        dataSource.setUser(LocalPostgres.OWNER_ROLE); // a restore creates tables: the schema owner's work
        dataSource.setPassword(LocalPostgres.PASSWORD);
        return dataSource;
    }

    /** Rows in every exported table; {@code files} gets {@code extraFiles} pending rows besides the ready ones. */
    BackupFixture seed(int readyFiles, int extraFiles) {
        for (int i = 0; i < readyFiles; i++) {
            byte[] content = ("content of file " + i + " of " + tenant).getBytes(StandardCharsets.UTF_8);
            UUID id = UUID.randomUUID();
            String path = BlobPaths.UPLOADS_CONTAINER + "/" + tenant + "/owner-" + (i % 3) + "/" + id + "/f" + i + ".txt";
            blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(BlobPaths.blobName(path))
                    .upload(BinaryData.fromBytes(content), true);
            readyBlobPaths.add(path);
            sql("insert into files (id, tenant_id, owner_id, name, declared_content_type, detected_content_type,"
                    + " size_bytes, sha256, status, blob_path, tags, metadata, processed_at) values ('" + id + "', '"
                    + tenant + "', 'owner-" + (i % 3) + "', 'f" + i + ".txt', 'text/plain', 'text/plain', "
                    + content.length + ", '" + sha256(content) + "', 'ready', '" + path + "',"
                    + " '{\"project\": \"apollo\"}', '{\"pages\": 1}', now())");
        }
        sql("""
                insert into files (tenant_id, owner_id, name, declared_content_type, declared_size_bytes, status,
                                   blob_path, tags, metadata)
                select '%1$s', 'owner-' || (g %% 3),
                       'name ' || g || E' tab\\there, newline\\nthere, back\\\\slash, quote '' " and ünïcødé ✓',
                       case when g %% 4 = 0 then null else 'application/pdf' end, g * 1000, 'pending',
                       'uploaded-files/%1$s/pending/' || g || '/x.pdf',
                       jsonb_build_object('n', g, 'text', E'line\\nbreak\\t"quoted"'), '{}'::jsonb
                  from generate_series(1, %2$d) g""".formatted(tenant, extraFiles));
        sql("""
                insert into audit_log (actor, action, file_id, request_id, details)
                select 'user-' || g, 'file.created', null, 'req-' || g, jsonb_build_object('g', g)
                  from generate_series(1, 25) g""");
        sql("""
                insert into processed_events (event_id, event_type, subject, status, outcome, attempts)
                select 'evt-' || g, 'Microsoft.Storage.BlobCreated', '/blobServices/default/x/' || g, 'completed',
                       'ok', 1 from generate_series(1, 10) g""");
        sql("insert into health_checks (component, status, latency_ms, details) values"
                + " ('postgres', 'UP', 3, '{}'), ('redis', 'DOWN', null, '{\"error\": \"refused\"}')");
        sql("insert into dead_letters (source, event_id, payload, reason, attempts) values"
                + " ('eventgrid', 'evt-x', '{\"a\": [1, 2, {\"b\": null}]}', E'poison\\nmessage', 3)");
        return this;
    }

    void sql(String sql) {
        database.query(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
                return null;
            }
        });
    }

    long count(String sql) {
        return database.query(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    List<String> strings(String sql) {
        return database.query(connection -> {
            List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        });
    }

    /** Every row of every exported table as text, ordered: the content a restore must reproduce. */
    static Map<String, List<String>> content(String url, List<String> tables) {
        Map<String, List<String>> content = new LinkedHashMap<>();
        try (Connection connection = dataSource(url).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("set time zone 'UTC'");
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("select t::text from " + table + " t order by 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                content.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return content;
    }

    byte[] download(BackupRunId runId, String name) {
        return backups.getBlobClient(runId + "/" + name).downloadContent().toBytes();
    }

    void upload(BackupRunId runId, String name, byte[] content) {
        backups.getBlobClient(runId + "/" + name).upload(BinaryData.fromBytes(content), true);
    }

    void delete(BackupRunId runId, String name) {
        backups.getBlobClient(runId + "/" + name).delete();
    }

    /** Sets {@code details.manifestSha256} of the export's backup_runs row, as someone covering their tracks would. */
    void recordManifestSha(BackupRunId runId, String sha) {
        database.query(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("update backup_runs set details ="
                    + " jsonb_set(details, '{manifestSha256}', to_jsonb(?::text)) where details->>'runId' = ?"
                    + " and kind = 'export'")) {
                statement.setString(1, sha);
                statement.setString(2, runId.value());
                return statement.executeUpdate();
            }
        });
    }

    static byte[] gunzip(byte[] gz) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        try {
            backups.deleteIfExists();
        } finally {
            database.close();
        }
    }
}
