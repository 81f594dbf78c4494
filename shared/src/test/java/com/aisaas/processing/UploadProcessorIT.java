package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.common.DependencyException;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.events.DomainEvent;
import com.aisaas.events.EventPublisher;
import com.aisaas.events.Outbox;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.FileId;
import com.aisaas.storage.AzureBlobStore;
import com.aisaas.storage.BlobContent;
import com.aisaas.storage.BlobStore;
import com.aisaas.testing.MutableClock;
import com.aisaas.testing.TestServices;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.core.util.BinaryData;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link UploadProcessor} with real PostgreSQL (production migrations), Redis and Azurite. */
class UploadProcessorIT {

    private static final String TENANT = "t1";
    private static AppContext context;
    private static AzureBlobStore blobs;
    private static BlobContainerClient uploads;
    private static BlobContainerClient processed;
    private static final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private static UploadProcessor processor;

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("processing_it"));
        context.database(); // builds the pool and migrates the schema
        blobs = new AzureBlobStore(context.blobStorage().service(), false, false, java.time.Clock.systemUTC());
        blobs.ensureContainer(BlobPaths.UPLOADS_CONTAINER);
        uploads = context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER);
        blobs.ensureContainer(BlobPaths.FILES_CONTAINER);
        processed = context.blobStorage().service().getBlobContainerClient(BlobPaths.FILES_CONTAINER);
        processor = processor(3);
    }

    private static UploadProcessor processor(int maxAttempts) {
        return processor(maxAttempts, blobs);
    }

    private static UploadProcessor processor(int maxAttempts, BlobStore blobs) {
        return new UploadProcessor(new JdbcProcessingRepository(context.database()), blobs, context.metadataCache(),
                ContentCheckTest.POLICY, recordingOutbox(), metrics(),
                new ProcessingSettings(maxAttempts, Duration.ofMinutes(5), Optional.empty()), clock,
                ContentProbe.DEFAULT_HEAD_BYTES);
    }

    private static com.aisaas.telemetry.DomainMetrics metrics() {
        return new com.aisaas.telemetry.DomainMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    }

    /** An outbox whose deliveries go to {@link #events}. */
    private static Outbox recordingOutbox() {
        EventPublisher recording = events::add;
        return new Outbox(context.database(), recording, clock);
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void png_becomesReady_withHashTypeSizeDimensions_andAnnouncesIt() throws Exception {
        byte[] png = ContentCheckTest.png();
        String path = pending("alice", "a.png", "image/png", png.length);
        upload(path, png);

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);

        Map<String, Object> row = row(path);
        assertThat(row).containsEntry("status", "ready").containsEntry("sha256", sha256(png))
                .containsEntry("detected_content_type", "image/png").containsEntry("size_bytes", (long) png.length);
        assertThat((String) row.get("metadata")).contains("\"width\"").contains("\"height\"");
        // the blob moved out of the upload URL's reach, and the row says where
        assertThat(row).containsEntry("blob_container", BlobPaths.FILES_CONTAINER);
        assertThat(row.get("blob_etag")).isEqualTo(processed.getBlobClient(BlobPaths.blobName(path)).getProperties()
                .getETag().replace("\"", ""));
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(png);
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(UploadProcessor.FILE_PROCESSED);
            assertThat(e.data()).containsEntry("fileId", row.get("id").toString()).containsEntry("status", "ready")
                    .containsEntry("sha256", sha256(png)).containsEntry("ownerId", "alice");
        });
    }

    @Test
    void disguisedExecutable_isRejected_andMovedToQuarantine() throws Exception {
        byte[] exe = ContentCheckTest.executable();
        String path = pending("alice", "invoice.pdf", "application/pdf", exe.length);
        upload(path, exe);

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.REJECTED);

        assertThat(row(path)).containsEntry("status", "rejected");
        assertThat((String) row(path).get("rejection_reason")).contains("not the declared application/pdf");
        String name = BlobPaths.blobName(path);
        assertThat(uploads.getBlobClient(name).exists()).isFalse();
        assertThat(context.blobStorage().service().getBlobContainerClient(BlobPaths.QUARANTINE_CONTAINER)
                .getBlobClient(name).exists()).isTrue();
    }

    @Test
    void redeliveries_changeNothing_andAWriteAfterReady_isRemoved_leavingVerdictHashAndBytes() throws Exception {
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "notes.txt", "text/plain", first.length);
        upload(path, first);
        processor.process(path, content(path));
        Map<String, Object> ready = row(path);

        for (int i = 0; i < 3; i++) {
            assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        }
        assertThat(row(path)).containsEntry("version", ready.get("version"));
        assertThat(auditCount(ready.get("id"))).isEqualTo(1);

        // the upload URL still writes its blob name while it lives: a new upload lands there, and its event changes
        // nothing (the file's blob is in the files container), and the stray upload is removed
        byte[] exe = ContentCheckTest.executable();
        upload(path, exe);

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        assertThat(row(path)).isEqualTo(ready);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(first);
        assertThat(auditCount(ready.get("id"))).isEqualTo(1);
    }

    @Test
    void aFileReadyBeforeBlobsMoved_isReadWhereItIs_andAnOverwriteIsProcessedAgain_thenMoved() throws Exception {
        byte[] old = "ready before the move".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "legacy.txt", "text/plain", old.length);
        upload(path, old);
        // as V9 leaves a file that was ready before it: blob_container uploaded-files, the blob still there
        execute("update files set status = 'ready', sha256 = '" + sha256(old) + "', blob_etag = '"
                + uploads.getBlobClient(BlobPaths.blobName(path)).getProperties().getETag().replace("\"", "")
                + "' where blob_path = '" + path + "'");
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        assertThat(row(path)).containsEntry("blob_container", BlobPaths.UPLOADS_CONTAINER);

        byte[] newer = "written again within the URL's life".getBytes(StandardCharsets.UTF_8);
        execute("update files set declared_size_bytes = " + newer.length + " where blob_path = '" + path + "'");
        upload(path, newer);
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(row(path)).containsEntry("sha256", sha256(newer))
                .containsEntry("blob_container", BlobPaths.FILES_CONTAINER);
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(newer);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
    }

    @Test
    void aCrashAfterTheCopy_beforeTheVerdict_isFinishedByTheNextAttempt_once() throws Exception {
        byte[] text = "crash after copy".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "copy-crash.txt", "text/plain", text.length);
        upload(path, text);
        UploadProcessor crashing = processor(3, new CrashingBlobs() {
            @Override
            public String copy(String name, String from, String to, String sourceEtag) {
                blobs.copy(name, from, to, sourceEtag);
                throw new Crash(); // the process dies: no release, the claim stays until its lease lapses
            }
        });

        assertThatThrownBy(() -> crashing.process(path, content(path))).isInstanceOf(Crash.class);
        assertThat(row(path)).containsEntry("status", "processing").containsEntry("blob_container",
                BlobPaths.UPLOADS_CONTAINER);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isTrue();

        // a redelivery within the lease is postponed; after it (as the upload sweeper would) the file is finished
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.POSTPONED);
        clock.advance(Duration.ofMinutes(6));
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        Map<String, Object> ready = row(path);
        assertThat(ready).containsEntry("status", "ready").containsEntry("sha256", sha256(text))
                .containsEntry("blob_container", BlobPaths.FILES_CONTAINER);
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(text);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
        assertThat(count("select count(*) from audit_log where file_id = '" + ready.get("id")
                + "' and action = 'file.ready'")).isEqualTo(1);
    }

    @Test
    void aCrashAfterTheVerdict_beforeTheUploadIsRemoved_leavesAReadyFile_andTheRedeliveryRemovesTheUpload()
            throws Exception {
        byte[] text = "crash after verdict".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "verdict-crash.txt", "text/plain", text.length);
        upload(path, text);
        UploadProcessor crashing = processor(3, new CrashingBlobs() {
            @Override
            public boolean delete(BlobRef blob) {
                throw new Crash();
            }
        });

        assertThatThrownBy(() -> crashing.process(path, content(path))).isInstanceOf(Crash.class);
        Map<String, Object> ready = row(path);
        assertThat(ready).containsEntry("status", "ready").containsEntry("sha256", sha256(text))
                .containsEntry("blob_container", BlobPaths.FILES_CONTAINER);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isTrue();

        // the host redelivers the event of the upload (its invocation never finished): nothing changes but the upload
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        assertThat(row(path)).isEqualTo(ready);
        assertThat(uploads.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(text);
    }

    @Test
    void anUploadWrittenAgainBetweenTheReadAndTheCopy_isNotCopied_andTheRetryProcessesTheNewContent()
            throws Exception {
        byte[] first = "read by the attempt".getBytes(StandardCharsets.UTF_8);
        byte[] second = "written meanwhile!!".getBytes(StandardCharsets.UTF_8);
        assertThat(second).hasSameSizeAs(first);
        String path = pending("alice", "raced.txt", "text/plain", first.length);
        upload(path, first);
        UploadProcessor racing = processor(3, new CrashingBlobs() {
            @Override
            public String copy(String name, String from, String to, String sourceEtag) {
                upload(path, second); // the upload URL writes again after the attempt hashed the first version
                return blobs.copy(name, from, to, sourceEtag);
            }
        });

        assertThatThrownBy(() -> racing.process(path, content(path)))
                .isInstanceOfSatisfying(DependencyException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(row(path)).containsEntry("status", "processing").containsEntry("processing_attempts", 0);
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).exists()).isFalse();

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(row(path)).containsEntry("sha256", sha256(second));
        assertThat(processed.getBlobClient(BlobPaths.blobName(path)).downloadContent().toBytes()).isEqualTo(second);
    }

    /** A process that dies where it is (an Error: nothing after the failure point runs, the claim is not released). */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    /** The Azurite store, with one operation replaced by a test. */
    private abstract static class CrashingBlobs implements BlobStore {
        @Override
        public SignedUrl writeUrl(BlobRef blob, Duration ttl) {
            return blobs.writeUrl(blob, ttl);
        }

        @Override
        public SignedUrl readUrl(BlobRef blob, Duration ttl, String downloadName, String contentType) {
            return blobs.readUrl(blob, ttl, downloadName, contentType);
        }

        @Override
        public void create(BlobRef blob, byte[] content, String contentType) {
            blobs.create(blob, content, contentType);
        }

        @Override
        public byte[] read(BlobRef blob, long offset, long count) {
            return blobs.read(blob, offset, count);
        }

        @Override
        public long size(BlobRef blob) {
            return blobs.size(blob);
        }

        @Override
        public boolean move(String name, String from, String to) {
            return blobs.move(name, from, to);
        }

        @Override
        public String copy(String name, String from, String to, String sourceEtag) {
            return blobs.copy(name, from, to, sourceEtag);
        }

        @Override
        public BlobContent content(BlobRef blob) {
            return blobs.content(blob);
        }

        @Override
        public boolean delete(BlobRef blob) {
            return blobs.delete(blob);
        }
    }

    @Test
    void sameContentTwice_forOneOwner_isADuplicate_notASecondCopy_butAnotherOwnerMayHaveIt() throws Exception {
        byte[] content = ("report " + FileId.random()).getBytes(StandardCharsets.UTF_8);
        String original = pending("bob", "r1.txt", "text/plain", content.length);
        String copy = pending("bob", "r2.txt", "text/plain", content.length);
        String others = pending("carol", "r.txt", "text/plain", content.length);
        for (String path : List.of(original, copy, others)) {
            upload(path, content);
        }

        assertThat(processor.process(original, content(original))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(processor.process(copy, content(copy))).isEqualTo(UploadProcessor.Result.REJECTED);
        assertThat(processor.process(others, content(others))).isEqualTo(UploadProcessor.Result.READY);

        Map<String, Object> duplicate = row(copy);
        assertThat((String) duplicate.get("rejection_reason")).contains(row(original).get("id").toString());
        assertThat((String) duplicate.get("metadata")).contains("duplicateOf");
        assertThat(uploads.getBlobClient(BlobPaths.blobName(copy)).exists()).isFalse();
        assertThat(processed.getBlobClient(BlobPaths.blobName(copy)).exists()).as("the duplicate's copy").isFalse();
        assertThat(processed.getBlobClient(BlobPaths.blobName(original)).exists()).isTrue();
    }

    @Test
    void aFileHeldByAnotherAttempt_isPostponedWithoutSpendingATry_notProcessedTwice() throws Exception {
        byte[] text = "held".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "held.txt", "text/plain", text.length);
        upload(path, text);
        JdbcProcessingRepository repository = new JdbcProcessingRepository(context.database());
        UploadRow holder = repository.claim(path, clock.instant(), clock.instant().plusSeconds(300)).row().orElseThrow();

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.POSTPONED);
        assertThat(row(path)).containsEntry("status", "processing").containsEntry("processing_attempts", 1);

        // the holder dies: once its lease lapses, a redelivery takes over (a second attempt)
        clock.advance(Duration.ofMinutes(6));
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(row(path)).containsEntry("processing_attempts", 2);
        // the dead holder's late finish changes nothing
        assertThat(repository.finish(holder, ProcessingRepository.Outcome.failed("late"), clock.instant(),
                stored -> { throw new AssertionError("nothing to announce"); }).changed())
                .isFalse();
    }

    @Test
    void anOutage_usesUpNoAttempts_andTheFileIsProcessedOnceTheDependencyIsBack() throws Exception {
        byte[] text = "outlasted".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "outage.txt", "text/plain", text.length);
        upload(path, text);
        BlobContent down = sink -> {
            throw new DependencyException("blob", true, "download blob failed: HTTP 503");
        };
        UploadProcessor twoAttempts = processor(2);

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> twoAttempts.process(path, down)).isInstanceOf(DependencyException.class);
            assertThat(row(path)).containsEntry("status", "processing").containsEntry("processing_attempts", 0);
        }
        assertThat(twoAttempts.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
    }

    @Test
    void attemptsThatDieWithoutAWord_areCounted_thenTheFileFails_andIsDeadLettered() throws Exception {
        String path = pending("alice", "crashy.txt", "text/plain", 5);
        JdbcProcessingRepository repository = new JdbcProcessingRepository(context.database());
        UploadProcessor twoAttempts = processor(2);

        for (int attempt = 1; attempt <= 2; attempt++) {
            // a host killed mid-processing: claimed, never finished nor released; the lease lapses
            repository.claim(path, clock.instant(), clock.instant().plusSeconds(60)).row().orElseThrow();
            clock.advance(Duration.ofSeconds(61));
            assertThat(row(path)).containsEntry("status", "processing").containsEntry("processing_attempts", attempt);
        }
        assertThat(twoAttempts.process(path, content(path))).isEqualTo(UploadProcessor.Result.FAILED);

        assertThat((String) row(path).get("rejection_reason")).startsWith("gave up after 2 attempts");
        assertThat(count("select count(*) from dead_letters where source = 'upload-failed' and payload->>'blobPath' = '"
                + path + "'")).isEqualTo(1);
        assertThat(twoAttempts.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
    }

    @Test
    void aBlobWithoutAFile_isAnOrphan_recordedOnce_andNotRead() throws Exception {
        String path = BlobPaths.UPLOADS_CONTAINER + "/" + TENANT + "/mallory/" + FileId.random() + "/stray.bin";
        upload(path, new byte[] {1, 2, 3});
        BlobContent real = content(path);
        BlobContent unread = new BlobContent() {
            @Override
            public String downloadTo(java.io.OutputStream sink) {
                throw new AssertionError("an orphan is not read");
            }

            @Override
            public String currentEtag() {
                return real.currentEtag();
            }
        };

        assertThat(processor.process(path, unread)).isEqualTo(UploadProcessor.Result.ORPHAN);
        assertThat(processor.process(path, unread)).isEqualTo(UploadProcessor.Result.ORPHAN);

        assertThat(count("select count(*) from dead_letters where source = 'upload-orphan' and event_id like '"
                + path + "@%'")).isEqualTo(1);
    }

    @Test
    void aBlobLargerThanDeclared_isRejectedFromItsProperties_withoutBeingDownloaded() throws Exception {
        byte[] big = new byte[64 * 1024];
        String path = pending("alice", "small.txt", "text/plain", 10);
        upload(path, big);
        java.util.concurrent.atomic.AtomicInteger downloads = new java.util.concurrent.atomic.AtomicInteger();
        BlobContent real = content(path);
        BlobContent counted = new BlobContent() {
            @Override
            public String downloadTo(java.io.OutputStream sink) {
                downloads.incrementAndGet();
                return real.downloadTo(sink);
            }

            @Override
            public Optional<Properties> properties() {
                return real.properties();
            }
        };

        assertThat(processor.process(path, counted)).isEqualTo(UploadProcessor.Result.REJECTED);

        assertThat(downloads).hasValue(0);
        assertThat(row(path)).containsEntry("status", "rejected").containsEntry("size_bytes", (long) big.length);
        assertThat((String) row(path).get("rejection_reason")).contains("differs from the declared 10 bytes")
                .contains("not downloaded");
    }

    @Test
    void aSlowAttempt_renewsItsShortLease_soAnotherDeliveryIsPostponed_andTheFileIsProcessedOnce() throws Exception {
        byte[] text = "slow but alive".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "slow.txt", "text/plain", text.length);
        upload(path, text);
        Duration lease = Duration.ofSeconds(3);
        UploadProcessor shortLeases = new UploadProcessor(new JdbcProcessingRepository(context.database()), blobs,
                context.metadataCache(), ContentCheckTest.POLICY, recordingOutbox(), metrics(),
                new ProcessingSettings(3, lease, Optional.empty()), clock, ContentProbe.DEFAULT_HEAD_BYTES);
        java.util.concurrent.CountDownLatch downloading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch proceed = new java.util.concurrent.CountDownLatch(1);
        BlobContent real = content(path);
        BlobContent slow = new BlobContent() {
            @Override
            public String downloadTo(java.io.OutputStream sink) {
                downloading.countDown();
                try {
                    if (!proceed.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                        throw new AssertionError("the test never let the download proceed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
                return real.downloadTo(sink);
            }

            @Override
            public Optional<Properties> properties() {
                return real.properties();
            }
        };
        java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.Future<UploadProcessor.Result> first = worker.submit(() -> shortLeases.process(path, slow));
            assertThat(downloading.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            java.time.OffsetDateTime claimedUntil = claimedUntil(path);
            // the clock passes most of the lease: only a renewal keeps the claim alive past its first end
            clock.advance(Duration.ofSeconds(2));
            java.time.OffsetDateTime renewed = claimedUntil;
            for (int i = 0; i < 300 && !renewed.isAfter(claimedUntil); i++) {
                Thread.sleep(50);
                renewed = claimedUntil(path);
            }
            assertThat(renewed).as("renewed lease").isAfter(claimedUntil);
            clock.advance(Duration.ofSeconds(2)); // past the first lease's end: still held, by the renewal

            assertThat(shortLeases.process(path, content(path))).isEqualTo(UploadProcessor.Result.POSTPONED);
            proceed.countDown();
            assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(UploadProcessor.Result.READY);
        } finally {
            proceed.countDown();
            worker.shutdownNow();
        }
        assertThat(row(path)).containsEntry("status", "ready").containsEntry("processing_attempts", 1);
    }

    @Test
    void aFailureAfterTheClaim_releasesItAtOnce_soTheNextDeliveryNeedNotWaitForTheLease() throws Exception {
        byte[] text = "storage hiccup".getBytes(StandardCharsets.UTF_8);
        String path = pending("alice", "hiccup.txt", "text/plain", text.length);
        upload(path, text);
        BlobContent failing = new BlobContent() {
            @Override
            public String downloadTo(java.io.OutputStream sink) {
                throw new DependencyException("blob", true, "connection reset");
            }
        };

        assertThatThrownBy(() -> processor.process(path, failing)).isInstanceOf(DependencyException.class);
        assertThat(claimedUntil(path)).as("released").isNull();
        assertThat(row(path)).as("an outage is not an attempt").containsEntry("processing_attempts", 0);

        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(row(path)).containsEntry("processing_attempts", 1);
    }

    private static java.time.OffsetDateTime claimedUntil(String path) throws Exception {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select processing_claimed_until from files where blob_path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getObject(1, java.time.OffsetDateTime.class);
            }
        }
    }

    private static BlobContent content(String path) {
        return blobs.content(new BlobStore.BlobRef(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(path)));
    }

    private static void upload(String path, byte[] bytes) {
        uploads.getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(bytes), true);
    }

    private static String pending(String owner, String name, String type, long size) throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of(TENANT, owner, id, name);
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                     + " name, declared_content_type, declared_size_bytes, status, blob_path)"
                     + " values (?, ?, ?, ?, ?, ?, 'pending', ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, TENANT);
            insert.setString(3, owner);
            insert.setString(4, name);
            insert.setString(5, type);
            insert.setLong(6, size);
            insert.setString(7, path);
            insert.executeUpdate();
        }
        return path;
    }

    private static Map<String, Object> row(String path) throws Exception {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement("select id, status, sha256, detected_content_type,"
                     + " size_bytes, blob_etag, rejection_reason, metadata::text as metadata, version,"
                     + " processing_attempts, blob_container from files where blob_path = ?")) {
            select.setString(1, path);
            try (ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("row of " + path).isTrue();
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        }
    }

    private static long auditCount(Object fileId) throws Exception {
        return count("select count(*) from audit_log where file_id = '" + fileId + "'");
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate(sql);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = connect(); ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect() throws Exception {
        return context.maintenanceDatabase().dataSource().getConnection(); // test set-up and checks cross scopes
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
