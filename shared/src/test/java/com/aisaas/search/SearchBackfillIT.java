package com.aisaas.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.app.AppContext;
import com.aisaas.config.SearchSettings;
import com.aisaas.files.Actor;
import com.aisaas.files.BlobPaths;
import com.aisaas.maintenance.SearchBackfillRuns;
import com.aisaas.files.FileId;
import com.aisaas.storage.AzureBlobStore;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link SearchBackfill} against real PostgreSQL and Azurite: files made ready before search existed. */
class SearchBackfillIT {

    private static AppContext context;
    private static AzureBlobStore blobs;

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("search_backfill_it"));
        context.database();
        blobs = new AzureBlobStore(context.blobStorage().service(), false, false, Clock.systemUTC());
        blobs.ensureContainer(BlobPaths.UPLOADS_CONTAINER);
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void readyFilesWithoutASearchRow_areIndexedInBatches_acrossTenants_once() throws Exception {
        FileId pdf = readyFile("t-a", "amy", "old.pdf", "application/pdf",
                SampleDocuments.pdf(List.of("cover", "body", "the chinchilla appendix")), true);
        FileId text = readyFile("t-b", "ben", "old.txt", "text/plain",
                SampleDocuments.text("A note on the axolotl"), true);
        FileId gone = readyFile("t-b", "ben", "gone.txt", "text/plain", SampleDocuments.text("lost"), false);
        SearchBackfillRuns backfill = new SearchBackfillRuns(new SearchBackfill(context.maintenanceDatabase(), blobs,
                new TextExtractor(SearchSettings.defaults(), Clock.systemUTC()), Clock.systemUTC()),
                context.maintenanceDatabase(), Clock.systemUTC());
        long reportsBefore = lastReportId();

        SearchBackfill.Report first = backfill.run(2, Duration.ofMinutes(5));

        assertThat(first.indexed()).isEqualTo(2);
        assertThat(first.withoutText()).isEqualTo(1);
        assertThat(first.remaining()).isZero();
        assertThat(first.complete()).isTrue();
        assertThat(first.estimatedSecondsRemaining()).isZero();
        assertThat(status(gone)).isEqualTo("failed");
        assertThat(status(text)).isEqualTo("indexed");
        assertThat(context.search().search(new Actor("amy", "t-a", "r"), SearchQuery.parse(Map.of("q",
                "chinchilla"))).items()).extracting(hit -> hit.file().id()).containsExactly(pdf.toString());
        assertThat(context.search().search(new Actor("ben", "t-b", "r"), SearchQuery.parse(Map.of("q",
                "axolotl"))).items()).hasSize(1);

        List<Map<String, Object>> reports = reportsAfter(reportsBefore);
        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report).containsEntry("status", "succeeded");
            assertThat((String) report.get("counts")).contains("\"remainingAtStart\": 3", "\"indexed\": 2",
                    "\"withoutText\": 1", "\"remaining\": 0");
            assertThat((String) report.get("details")).contains("\"complete\": true", "\"filesPerSecond\"",
                    "\"estimatedSecondsRemaining\": 0", "\"batchSize\": 2");
        });

        SearchBackfill.Report again = backfill.run(2, Duration.ofMinutes(5));

        assertThat(again.indexed() + again.withoutText()).isZero();
        assertThat(again.complete()).isTrue();
        assertThat(again.estimatedSecondsRemaining()).isNull();
        assertThat(reportsAfter(reportsBefore)).as("a run with nothing to do leaves no report").hasSize(1);
    }

    @Test
    void aFileWhoseTextNeverArrived_isIndexedAgainFromItsBlob() throws Exception {
        // processing stored the verdict (the search row pending) and stopped before it stored the text
        FileId id = readyFile("t-c", "cy", "minutes.txt", "text/plain",
                SampleDocuments.text("The narwhal committee met on Tuesday"), true);
        Actor cy = new Actor("cy", "t-c", "r");
        boolean textToCome = context.maintenanceDatabase().inTransaction(connection -> FileTexts.write(connection,
                id.value(), new ExtractedText(ExtractedText.Status.INDEXED, "The narwhal committee met on Tuesday",
                        "en", "english", false, null)));
        assertThat(textToCome).isTrue();
        assertThat(status(id)).isEqualTo("pending");
        assertThat(context.search().search(cy, SearchQuery.parse(Map.of("q", "narwhal"))).items())
                .as("the text is not in the index yet").isEmpty();
        assertThat(context.search().search(cy, SearchQuery.parse(Map.of("q", "minutes"))).items())
                .as("the name is").hasSize(1);
        SearchBackfill backfill = new SearchBackfill(context.maintenanceDatabase(), blobs,
                new TextExtractor(SearchSettings.defaults(), Clock.systemUTC()), Clock.systemUTC());
        assertThat(backfill.remaining()).isPositive();

        SearchBackfill.Report report = backfill.run(10, Duration.ofMinutes(5));

        assertThat(report.indexed()).isGreaterThanOrEqualTo(1);
        assertThat(report.remaining()).isZero();
        assertThat(status(id)).isEqualTo("indexed");
        assertThat(context.search().search(cy, SearchQuery.parse(Map.of("q", "committees"))).items())
                .extracting(hit -> hit.file().id()).containsExactly(id.toString());
        FileTexts.Completion again = context.maintenanceDatabase().inTransaction(connection -> FileTexts.complete(
                connection, id.value(), ExtractedText.none(null)));
        assertThat(again).as("a late completion changes an indexed row no more").isEqualTo(FileTexts.Completion.NOTHING);
    }

    @Test
    void aTextTheDatabaseRefuses_leavesTheFileFoundByItsNameOnly() throws Exception {
        FileId id = readyFile("t-d", "dee", "ledger.txt", "text/plain", new byte[0], false);
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 130_000; i++) {   // ~1.5 MB of distinct lexemes: over the 1 MB a tsvector may hold
            words.append("lexeme").append(Integer.toString(1_000_000 + i, 36)).append(' ');
        }
        ExtractedText huge = new ExtractedText(ExtractedText.Status.INDEXED, words.toString(), null, "simple", false,
                null);
        context.maintenanceDatabase().inTransaction(connection -> FileTexts.write(connection, id.value(), huge));

        FileTexts.Completion completion = context.maintenanceDatabase().inTransaction(connection ->
                FileTexts.complete(connection, id.value(), huge));

        assertThat(completion).isEqualTo(FileTexts.Completion.REFUSED);
        assertThat(status(id)).isEqualTo("failed");
        assertThat(context.search().search(new Actor("dee", "t-d", "r"), SearchQuery.parse(Map.of("q", "ledger")))
                .items()).extracting(hit -> hit.file().id()).containsExactly(id.toString());
    }

    @Test
    void aRenameCommittingWhileTheTextIsStored_endsUpInTheVector() throws Exception {
        FileId id = readyFile("t-e", "eve", "draft.txt", "text/plain", new byte[0], false);
        ExtractedText text = new ExtractedText(ExtractedText.Status.INDEXED, "The okapi enclosure needs a roof",
                "en", "english", false, null);
        context.maintenanceDatabase().inTransaction(connection -> FileTexts.write(connection, id.value(), text));
        java.util.concurrent.CompletableFuture<FileTexts.Completion> completion;
        try (Connection renamer = context.maintenanceDatabase().dataSource().getConnection()) {
            renamer.setAutoCommit(false);
            try (PreparedStatement rename = renamer.prepareStatement("update files set name = 'zebu-plan.txt'"
                    + " where id = ?")) {
                rename.setObject(1, id.value());
                assertThat(rename.executeUpdate()).isOne();   // its trigger rewrites the search row: both locked
            }
            completion = java.util.concurrent.CompletableFuture.supplyAsync(() -> context.maintenanceDatabase()
                    .inTransaction(connection -> FileTexts.complete(connection, id.value(), text)));
            awaitALockWait();   // the completion waits for the rename
            renamer.commit();
        }

        assertThat(completion.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(FileTexts.Completion.INDEXED);
        Actor eve = new Actor("eve", "t-e", "r");
        assertThat(context.search().search(eve, SearchQuery.parse(Map.of("q", "zebu okapi"))).items())
                .as("the new name and the text").extracting(hit -> hit.file().id()).containsExactly(id.toString());
        assertThat(context.search().search(eve, SearchQuery.parse(Map.of("q", "draft"))).items())
                .as("the old name").isEmpty();
    }

    /** Until another session of the maintenance role waits for a lock (what the test arranged, not a time). */
    private static void awaitALockWait() throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        try (Connection observer = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement waiting = observer.prepareStatement("select count(*) from pg_stat_activity"
                     + " where wait_event_type = 'Lock' and usename = current_user")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = waiting.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no session came to wait for the rename's locks");
    }

    private static long lastReportId() throws Exception {
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select coalesce(max(id), 0) from maintenance_runs");
             ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Map<String, Object>> reportsAfter(long id) throws Exception {
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("select status, counts::text, details::text"
                     + " from maintenance_runs where kind = ? and id > ? order by id")) {
            select.setString(1, SearchBackfillRuns.KIND);
            select.setLong(2, id);
            List<Map<String, Object>> rows = new java.util.ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(Map.of("status", rs.getString(1), "counts", rs.getString(2), "details",
                            rs.getString(3)));
                }
            }
            return rows;
        }
    }

    private static FileId readyFile(String tenant, String owner, String name, String type, byte[] content,
                                    boolean withBlob) throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of(tenant, owner, id, name);
        if (withBlob) {
            context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER)
                    .getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(content), true);
        }
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                     + " name, declared_content_type, detected_content_type, declared_size_bytes, size_bytes,"
                     + " status, blob_path, processed_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'ready', ?, now())")) {
            insert.setObject(1, id.value());
            insert.setString(2, tenant);
            insert.setString(3, owner);
            insert.setString(4, name);
            insert.setString(5, type);
            insert.setString(6, type);
            insert.setLong(7, content.length);
            insert.setLong(8, content.length);
            insert.setString(9, path);
            insert.executeUpdate();
        }
        return id;
    }

    private static String status(FileId id) throws Exception {
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select status from file_texts where file_id = ?")) {
            select.setObject(1, id.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
