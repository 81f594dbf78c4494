package com.aisaas.backup;

import com.aisaas.devhost.services.LocalPostgres;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ConflictException;
import com.aisaas.common.Json;
import com.aisaas.files.BlobPaths;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Export, verification, restore and retention against real PostgreSQL and Azurite with the production migrations. */
class BackupIT {

    private static final List<String> TABLES = List.of("audit_log", "dead_letters", "files", "health_checks",
            "processed_events");

    private BackupFixture fixture;

    @AfterEach
    void close() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private BackupFixture seeded() {
        // as many ready files as the sample size (5): every one is re-hashed
        fixture = new BackupFixture().seed(5, 60);
        return fixture;
    }

    @Test
    void export_writesPartsAndManifest_andVerificationPassesEveryCheck() {
        BackupFixture f = seeded();
        BackupService service = f.service(4096, BackupExporter.Listener.NONE);

        ExportResult export = service.export();
        f.clock.advance(Duration.ofHours(1));
        VerificationResult result = service.verifyLatest();

        BackupManifest manifest = export.manifest();
        List<String> appTables = f.strings("select relname::text from pg_class where relnamespace = 'public'::regnamespace"
                + " and relkind in ('r', 'p') and relname not in ('flyway_schema_history', 'backup_runs') order by 1");
        assertThat(appTables).containsAll(TABLES);
        // every app table, in an order that loads a referenced table before the tables that reference it
        List<String> exported = manifest.tables().stream().map(BackupManifest.Table::name).toList();
        assertThat(exported).containsExactlyInAnyOrderElementsOf(appTables);
        assertThat(exported.indexOf("files")).isLessThan(exported.indexOf("file_texts"));
        assertThat(manifest.schemaVersion()).isEqualTo(String.valueOf(f.count(
                "select max(version::int) from flyway_schema_history where success")));
        for (String table : appTables) {
            assertThat(manifest.table(table).orElseThrow().rows()).as(table)
                    .isEqualTo(f.count("select count(*) from " + table));
        }
        BackupManifest.Table files = manifest.table("files").orElseThrow();
        assertThat(files.parts()).hasSizeGreaterThan(2);                         // split by size
        assertThat(files.parts()).allSatisfy(p -> assertThat(p.uncompressedBytes()).isLessThan(4096 + 2048));
        assertThat(f.backups.getBlobClient(export.runId() + "/files.0001.copy.gz").getProperties().getBlobSize())
                .isEqualTo(files.parts().get(0).bytes());
        assertThat(BackupManifest.parse(f.download(export.runId(), "manifest.json"))).isEqualTo(manifest);

        assertThat(result.failures()).isEmpty();
        assertThat(result.passed()).isTrue();
        assertThat(result.backup()).contains(export.runId());
        List<String> expectedChecks = new java.util.ArrayList<>(List.of("backup", "age", "manifest"));
        exported.forEach(table -> expectedChecks.add("table:" + table)); // one per table, in the manifest's order
        expectedChecks.add("blob-sample");
        assertThat(result.checks()).extracting(VerificationResult.Check::name).containsExactlyElementsOf(expectedChecks);
        assertThat(result.check("blob-sample").orElseThrow().detail()).startsWith("5 of 5 sampled blobs match");
        assertThat(f.count("select count(*) from pg_namespace where nspname like 'backup_verify_%'")).isZero();

        List<BackupRun> runs = service.recentRuns(Optional.empty(), 10);
        assertThat(runs).extracting(BackupRun::kind).containsExactly("verify", "export");
        assertThat(runs).extracting(BackupRun::status).containsOnly("succeeded");
        assertThat(runs.get(1).manifestPath()).contains("backups/" + export.runId() + "/manifest.json");
        assertThat(runs.get(1).details()).containsEntry("manifestSha256", export.manifestSha256());
        assertThat(runs.get(0).backupRunId()).contains(export.runId().value());
        assertThat(runs.get(0).details().get("checks")).asList().hasSize(expectedChecks.size());
    }

    @Test
    void corruptedPart_failsVerification_withTheChecksumReason() {
        BackupFixture f = seeded();
        BackupService service = f.service(4096, BackupExporter.Listener.NONE);
        ExportResult export = service.export();
        byte[] part = f.download(export.runId(), "files.0002.copy.gz");
        part[part.length / 2] ^= 0x5a;
        f.upload(export.runId(), "files.0002.copy.gz", part);

        VerificationResult result = service.verifyLatest();

        assertThat(result.passed()).isFalse();
        assertThat(result.check("table:files").orElseThrow().passed()).isFalse();
        assertThat(result.check("table:files").orElseThrow().detail())
                .contains("files.0002.copy.gz SHA-256 is ")
                .contains("the manifest says " + export.manifest().table("files").orElseThrow().parts().get(1).sha256());
        assertThat(result.check("table:audit_log").orElseThrow().passed()).isTrue();
        assertThat(runRow(service, "verify").status()).isEqualTo("failed");
        assertThat(runRow(service, "verify").details().get("failures").toString()).contains("files.0002.copy.gz");
    }

    @Test
    void deletedPart_failsVerification_sayingItIsMissing() {
        BackupFixture f = seeded();
        BackupService service = f.service(4096, BackupExporter.Listener.NONE);
        ExportResult export = service.export();
        f.delete(export.runId(), "files.0001.copy.gz");

        VerificationResult result = service.verifyLatest();

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).anySatisfy(r -> assertThat(r).startsWith("table:files: files.0001.copy.gz is missing"));
        assertThat(result.check("table:files").orElseThrow().detail()).doesNotContain("files.0002");
    }

    @Test
    void rowChangedInAPart_failsOnTheChecksums_evenWhenManifestAndRecordAreRewrittenToMatch() {
        BackupFixture f = seeded();
        BackupService service = f.service(1 << 20, BackupExporter.Listener.NONE);
        ExportResult export = service.export();
        String original = new String(BackupFixture.gunzip(f.download(export.runId(), "audit_log.0001.copy.gz")),
                StandardCharsets.UTF_8);
        assertThat(original).contains("\tuser-7\t");
        byte[] tampered = BackupFixture.gzip(original.replace("\tuser-7\t", "\tuser-8\t").getBytes(StandardCharsets.UTF_8));
        f.upload(export.runId(), "audit_log.0001.copy.gz", tampered);

        VerificationResult plain = service.verifyLatest();

        assertThat(plain.passed()).isFalse();
        assertThat(plain.check("table:audit_log").orElseThrow().detail()).contains("audit_log.0001.copy.gz SHA-256 is")
                .contains("content checksum of the restored rows is");

        // Someone also rewrites the part's size and SHA-256 in the manifest and the export's record of the manifest:
        // only the content checksum (computed in the snapshot) still tells.
        ObjectNode manifest = (ObjectNode) readTree(f.download(export.runId(), "manifest.json"));
        for (var table : manifest.withArray("tables")) {
            if (table.get("name").asText().equals("audit_log")) {
                ObjectNode part = (ObjectNode) table.get("parts").get(0);
                part.put("sha256", BackupFixture.sha256(tampered));
                part.put("bytes", tampered.length);
            }
        }
        byte[] rewritten = Json.write(manifest).getBytes(StandardCharsets.UTF_8);
        f.upload(export.runId(), "manifest.json", rewritten);
        f.recordManifestSha(export.runId(), BackupFixture.sha256(rewritten));

        VerificationResult covered = service.verifyLatest();

        assertThat(covered.passed()).isFalse();
        assertThat(covered.check("manifest").orElseThrow().passed()).isTrue();
        assertThat(covered.failures()).containsExactly("table:audit_log: content checksum of the restored rows is "
                + contentChecksumOf(original.replace("\tuser-7\t", "\tuser-8\t")) + ", the manifest says "
                + export.manifest().table("audit_log").orElseThrow().contentChecksum());
    }

    @Test
    void tamperedManifest_failsVerification() {
        BackupFixture f = seeded();
        BackupService service = f.service(1 << 20, BackupExporter.Listener.NONE);
        ExportResult export = service.export();
        String json = new String(f.download(export.runId(), "manifest.json"), StandardCharsets.UTF_8);
        f.upload(export.runId(), "manifest.json", json.replace("\"schemaVersion\" : \"" + export.manifest().schemaVersion()
                + "\"", "\"schemaVersion\" : \"1\"").getBytes(StandardCharsets.UTF_8));

        VerificationResult result = service.verifyLatest();

        assertThat(result.passed()).isFalse();
        assertThat(result.check("manifest").orElseThrow().detail()).contains("the manifest was changed after the export")
                .contains("the export recorded " + export.manifestSha256());

        f.upload(export.runId(), "manifest.json", "{\"formatVersion\": 1, \"tables\": [".getBytes(StandardCharsets.UTF_8));
        assertThat(service.verifyLatest().check("manifest").orElseThrow().detail()).startsWith("manifest is not valid JSON");
    }

    @Test
    void staleBackup_failsTheAgeCheck_andNoBackupFailsTheBackupCheck() {
        BackupFixture f = seeded();
        BackupService service = f.service();
        VerificationResult none = service.verifyLatest();
        assertThat(none.passed()).isFalse();
        assertThat(none.failures()).anySatisfy(r -> assertThat(r).startsWith("backup: no complete backup"));

        ExportResult export = service.export();
        f.clock.advance(Duration.ofHours(27));
        VerificationResult stale = service.verifyLatest();

        assertThat(stale.passed()).isFalse();
        assertThat(stale.failures()).containsExactly("age: backup " + export.runId()
                + " was taken 27 h 0 min ago; BACKUP_RPO_HOURS allows 26 h: older than the RPO");
    }

    @Test
    void blobThatNoLongerMatchesFilesSha256_failsTheSample() {
        BackupFixture f = seeded();
        BackupService service = f.service();
        service.export();
        String path = f.readyBlobPaths.get(2);
        f.blobs.getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER).getBlobClient(BlobPaths.blobName(path))
                .upload(BinaryData.fromString("bit rot"), true);

        VerificationResult result = service.verifyLatest();

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).singleElement().asString().startsWith("blob-sample: 1 of 5 sampled blobs do not match")
                .contains("blob " + path + " SHA-256 is " + BackupFixture.sha256("bit rot".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void export_isOneSnapshot_whileWritesCommitBetweenAndDuringTableCopies() throws Exception {
        BackupFixture f = seeded();
        AtomicInteger hooked = new AtomicInteger();
        // After audit_log is copied and before files is, commit a file and its audit entry together; and keep a
        // writer doing the same throughout. A per-table export would see the file without its audit entry.
        BackupExporter.Listener between = table -> {
            if (table.equals("audit_log")) {
                insertPair(f, "hook-" + hooked.incrementAndGet());
            }
        };
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger written = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                while (!stop.get()) {
                    insertPair(f, "writer-" + written.incrementAndGet());
                }
            } catch (Throwable e) {
                writerFailure.set(e);
            }
        });
        writer.start();
        ExportResult export;
        try {
            while (written.get() < 5) {
                Thread.onSpinWait();
            }
            export = f.service(4096, between).export();
            int after = written.get();
            while (written.get() < after + 5) {
                Thread.onSpinWait();
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writerFailure.get()).isNull();
        assertThat(hooked.get()).isEqualTo(1);

        String target = com.aisaas.testing.TestServices.freshDatabase("backup_it_snapshot");
        f.restorer().restore(export.runId(), BackupFixture.dataSource(target), BackupRestorer.Options.defaults(LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE));
        Map<String, List<String>> restored = BackupFixture.content(target, List.of("files", "audit_log"));
        long pairFiles = restored.get("files").stream().filter(r -> r.contains(",concurrent,")).count();
        long pairAudits = restored.get("audit_log").stream().filter(r -> r.contains(",concurrent.write,")).count();
        assertThat(pairFiles).isPositive().isEqualTo(pairAudits);
        assertThat(restored.get("files")).noneMatch(r -> r.contains("hook-1"));
        assertThat(export.manifest().table("files").orElseThrow().rows())
                .isLessThan(f.count("select count(*) from files"));
    }

    private static void insertPair(BackupFixture f, String name) {
        f.database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("with f as (insert into files (tenant_id, owner_id, name, status, blob_path) values"
                        + " ('" + f.tenant + "', 'concurrent', '" + name + "', 'pending', 'uploaded-files/c/" + name
                        + "') returning id) insert into audit_log (actor, action, file_id) select 'concurrent',"
                        + " 'concurrent.write', id from f");
            }
            return null;
        });
    }

    @Test
    void restore_intoAFreshDatabase_reproducesEveryRow_withRlsTriggersAndSequencesInPlace() throws Exception {
        BackupFixture f = seeded();
        ExportResult export = f.service(4096, BackupExporter.Listener.NONE).export();
        String target = com.aisaas.testing.TestServices.freshDatabase("backup_it_restore");

        RestoreResult restored = f.restorer().restore(export.runId(), BackupFixture.dataSource(target),
                BackupRestorer.Options.defaults(LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE));

        assertThat(restored.rows()).containsEntry("files", f.count("select count(*) from files"));
        assertThat(BackupFixture.content(target, TABLES)).isEqualTo(BackupFixture.content(f.url, TABLES));
        try (Connection connection = BackupFixture.dataSource(target).getConnection();
             Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("select relrowsecurity from pg_class where relname = 'files'");
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
            rs = statement.executeQuery("select string_agg(policyname, ',' order by policyname) from pg_policies"
                    + " where tablename = 'files'");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("files_maintenance,files_runtime");
            rs = statement.executeQuery("select count(*) from pg_trigger where tgname = 'files_touch' and tgenabled = 'O'");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            rs = statement.executeQuery("insert into audit_log (actor, action) values ('after', 'restore') returning id");
            rs.next();
            assertThat(rs.getLong(1)).isGreaterThan(f.count("select max(id) from audit_log"));
        }
    }

    @Test
    void restore_refusesTablesThatHoldRows_unlessReplace_andCanTargetAnotherSchema() {
        BackupFixture f = seeded();
        ExportResult export = f.service().export();
        f.sql("insert into audit_log (actor, action) values ('late', 'after.backup')");

        assertThatThrownBy(() -> f.restorer().restore(export.runId(), BackupFixture.dataSource(f.url),
                BackupRestorer.Options.defaults(LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE)))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already hold rows: ")
                .hasMessageContainingAll(TABLES.toArray(String[]::new));
        assertThat(f.count("select count(*) from audit_log where actor = 'late'")).isEqualTo(1);

        f.restorer().restore(export.runId(), BackupFixture.dataSource(f.url), new BackupRestorer.Options(Optional.empty(), true,
                LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE));
        assertThat(f.count("select count(*) from audit_log where actor = 'late'")).isZero();
        assertThat(f.count("select count(*) from audit_log")).isEqualTo(export.manifest().table("audit_log").orElseThrow().rows());

        RestoreResult side = f.restorer().restore(export.runId(), BackupFixture.dataSource(f.url),
                new BackupRestorer.Options(Optional.of("restored"), false,
                        LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE));
        assertThat(side.schema()).isEqualTo("restored");
        // the side schema belongs to the owner that restored it (the restore's login), not to the app's roles
        try (Connection owner = BackupFixture.dataSource(f.url).getConnection();
             Statement statement = owner.createStatement();
             var rs = statement.executeQuery("select count(*) from restored.files")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(f.count("select count(*) from public.files"));
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void restore_ofACorruptBackup_restoresNothing() {
        BackupFixture f = seeded();
        ExportResult export = f.service(4096, BackupExporter.Listener.NONE).export();
        byte[] part = f.download(export.runId(), "files.0003.copy.gz");
        part[part.length - 12] ^= 0x01;
        f.upload(export.runId(), "files.0003.copy.gz", part);
        String target = com.aisaas.testing.TestServices.freshDatabase("backup_it_corrupt");

        assertThatThrownBy(() -> f.restorer().restore(export.runId(), BackupFixture.dataSource(target),
                BackupRestorer.Options.defaults(LocalPostgres.RUNTIME_ROLE, LocalPostgres.MAINTENANCE_ROLE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("files.0003.copy.gz SHA-256 is");
        assertThat(BackupFixture.content(target, TABLES).values()).allSatisfy(rows -> assertThat(rows).isEmpty());
    }

    @Test
    void prune_deletesBackupsBeyondRetention_butNeverTheNewestVerified() {
        BackupFixture f = seeded();
        BackupService service = f.service();
        BackupRunId verifiedOld = service.export().runId();
        assertThat(service.verifyLatest().passed()).isTrue();
        f.clock.advance(Duration.ofDays(10));
        BackupRunId unverified = service.export().runId();
        f.clock.advance(Duration.ofDays(30));                  // verifiedOld is 40 days old, unverified 30
        BackupRunId recent = service.export().runId();

        PruneResult first = service.prune();

        assertThat(first.deleted()).isEmpty();                  // the only verified backup is protected
        assertThat(first.protectedBackup()).contains(verifiedOld);

        assertThat(service.verify(recent).passed()).isTrue();
        f.clock.advance(Duration.ofDays(10));                   // 50, 40 and 10 days old
        PruneResult second = service.prune();

        assertThat(second.protectedBackup()).contains(recent);
        assertThat(second.deleted()).containsExactly(verifiedOld, unverified);
        assertThat(service.backups()).containsExactly(recent);
        assertThat(f.backups.listBlobs().stream().map(b -> b.getName()).toList())
                .allMatch(name -> name.startsWith(recent + "/"));
        assertThat(runRow(service, "prune").details().get("deleted")).asList().hasSize(2);
    }

    @Test
    void export_whenStorageIsDown_throwsRetryableDependencyException_andRecordsTheFailure() {
        BackupFixture f = seeded();
        com.azure.storage.blob.BlobServiceClient down = new com.azure.storage.blob.BlobServiceClientBuilder()
                .endpoint("http://127.0.0.1:" + com.aisaas.testing.TestServices.closedPort() + "/devstoreaccount1")
                .credential(new com.azure.storage.common.StorageSharedKeyCredential("devstoreaccount1",
                        com.aisaas.devhost.services.LocalAzurite.ACCOUNT_KEY))
                .retryOptions(new com.azure.storage.common.policy.RequestRetryOptions(
                        com.azure.storage.common.policy.RetryPolicyType.FIXED, 1, 5, 10L, 10L, null))
                .buildClient();
        BackupService service = new BackupService(f.database, down, new BackupStorage(down, "backups"),
                BackupFixture.SETTINGS, f.clock, BackupExporter.DEFAULT_PART_BYTES, BackupExporter.Listener.NONE);

        assertThatThrownBy(service::export)
                .isInstanceOfSatisfying(com.aisaas.common.DependencyException.class, e -> {
                    assertThat(e.component()).isEqualTo("blob");
                    assertThat(e.retryable()).isTrue();
                });
        BackupRun run = runRow(service, "export");
        assertThat(run.status()).isEqualTo("failed");
        assertThat(run.finishedAt()).isPresent();
        assertThat(run.details().get("error").toString()).startsWith("blob: create container backups failed");
    }

    private static BackupRun runRow(BackupService service, String kind) {
        return service.recentRuns(Optional.of(kind), 1).get(0);
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentChecksumOf(String copyText) {
        ContentChecksum checksum = new ContentChecksum();
        for (String line : copyText.split("(?<=\n)")) {
            checksum.addRow(line.getBytes(StandardCharsets.UTF_8));
        }
        return checksum.value();
    }
}
