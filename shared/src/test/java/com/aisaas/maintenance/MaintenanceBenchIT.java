package com.aisaas.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aisaas.app.AppContext;
import com.aisaas.cache.MetadataCache;
import com.aisaas.devhost.services.LocalPostgres;
import com.aisaas.devhost.services.LocalServices;
import com.aisaas.devhost.services.Service;
import com.aisaas.files.BlobPaths;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Figures for docs/benchmarks.md (reconciliation and retention at scale); runs only with {@code -Dbench.files=N}.
 * Checks its results, prints its timings; asserts no time.
 */
class MaintenanceBenchIT {

    @Test
    void reconcileAndPurge_atScale() throws Exception {
        int files = Integer.getInteger("bench.files", 0);
        assumeTrue(files > 0, "set -Dbench.files=N to run");
        int events = Integer.getInteger("bench.events", files * 10);
        try (LocalServices azurite = LocalServices.start(LocalServices.Options.defaults().services(Service.AZURITE))) {
            Map<String, String> env = TestServices.appEnvironment("maint_bench");
            env.put("UploadsStorage", azurite.settings().get("UploadsStorage"));
            String url = env.get("DB_URL");
            try (AppContext context = AppContext.create(env)) {
                context.database();
                BlobContainerClient uploads = context.blobStorage().service()
                        .getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER);
                uploads.createIfNotExists();
                int missing = files / 100;
                int orphans = files / 100;
                sql(url, "insert into files (id, tenant_id, owner_id, name, status, blob_path, updated_at)"
                        + " select u, 'bench', 'o' || (n % 100), 'f.txt', 'ready',"
                        + " 'uploaded-files/bench/o' || (n % 100) || '/' || u || '/f.txt', now() - interval '1 day'"
                        + " from (select gen_random_uuid() as u, n from generate_series(1, " + files + ") n) s");
                List<String> names = new ArrayList<>();
                try (Connection c = connect(url); ResultSet rs = c.createStatement().executeQuery(
                        "select substr(blob_path, 16) from files order by id offset " + missing)) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (int i = 0; i < orphans; i++) {
                    names.add("bench/orphan/" + java.util.UUID.randomUUID() + "/x.bin");
                }
                long uploadStart = System.nanoTime();
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> futures = new ArrayList<>();
                for (String name : names) {
                    futures.add(pool.submit(() -> uploads.getBlobClient(name).upload(BinaryData.fromString("x"))));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                pool.shutdown();
                System.out.printf("BENCH setup: %d rows, %d blobs uploaded in %.1f s%n", files, names.size(),
                        (System.nanoTime() - uploadStart) / 1e9);

                Reconciliation reconciliation = new Reconciliation(context.maintenanceDatabase(),
                        new AzureMaintenanceBlobs(context.blobStorage().service()), MetadataCache.disabled(),
                        context.settings().maintenance(), context.settings().files().uploadSasTtl(),
                        Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
                for (int run = 1; run <= 2; run++) {
                    System.gc();
                    long start = System.nanoTime();
                    MaintenanceRun report = reconciliation.run();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("BENCH reconciliation run %d: %.2f s, %.0f rows/s, counts %s%n", run, seconds,
                            files / seconds, report.counts());
                    assertThat(report.count("missingBlobs")).isEqualTo(run == 1 ? missing : 0);
                    assertThat(report.count("orphansRecorded")).isEqualTo(run == 1 ? orphans : 0);
                }

                sql(url, "insert into processed_events (event_id, event_type, status, created_at)"
                        + " select 'e' || n, 'Microsoft.Storage.BlobCreated', 'completed', now() - interval '40 days'"
                        + " from generate_series(1, " + events + ") n");
                RetentionPurge purge = new RetentionPurge(context.maintenanceDatabase(),
                        new AzureMaintenanceBlobs(context.blobStorage().service()), MetadataCache.disabled(),
                        context.settings().maintenance(), Duration.ofDays(7), RetentionPurge.DEFAULT_BUDGET,
                        Clock.systemUTC());
                long start = System.nanoTime();
                MaintenanceRun report = purge.run();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("BENCH retention: %d processed_events in %.2f s (%.0f rows/s, batch %d)%n",
                        report.count("processedEvents"), seconds, report.count("processedEvents") / seconds,
                        context.settings().maintenance().retentionBatchSize());
                assertThat(report.count("processedEvents")).isEqualTo(events);
                sql(url, "analyze files");
                try (Connection c = connect(url)) {
                    // can a page be an index range scan? (the planner prefers a scan of a table this small)
                    c.createStatement().execute("set enable_seqscan = off");
                    try (ResultSet rs = c.createStatement().executeQuery("explain select id from files where (true)"
                            + " and blob_path collate \"C\" > 'uploaded-files/bench/o5' order by blob_path collate \"C\""
                            + " limit 1000")) {
                        StringBuilder plan = new StringBuilder();
                        while (rs.next()) {
                            plan.append(rs.getString(1)).append(" | ");
                        }
                        System.out.println("BENCH plan without seq scans: " + plan);
                        assertThat(plan.toString()).contains("Index Scan using files_blob_path_c_idx");
                    }
                }
                try (Connection c = connect(url); ResultSet rs = c.createStatement().executeQuery(
                        "explain select id from files where (true) and blob_path collate \"C\" > 'uploaded-files/bench/o5'"
                                + " order by blob_path collate \"C\" limit 1000")) {
                    StringBuilder plan = new StringBuilder();
                    while (rs.next()) {
                        plan.append(rs.getString(1)).append(" | ");
                    }
                    System.out.println("BENCH plan of a reconciliation page: " + plan);
                }
                System.out.println("BENCH at " + Instant.now());
            }
        }
    }

    private static void sql(String url, String sql) throws Exception {
        try (Connection c = connect(url)) {
            c.createStatement().executeUpdate(sql);
        }
    }

    private static Connection connect(String url) throws Exception {
        return DriverManager.getConnection(url, LocalPostgres.MAINTENANCE_ROLE, LocalPostgres.PASSWORD);
    }
}
