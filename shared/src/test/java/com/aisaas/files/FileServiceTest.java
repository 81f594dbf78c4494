package com.aisaas.files;

import com.aisaas.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ConflictException;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.aisaas.common.PayloadTooLargeException;
import com.aisaas.common.PreconditionFailedException;
import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.config.FilesSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FileServiceTest {

    private static final Actor ALICE = new Actor("alice", "tenant-1", "req-1");
    private static final Actor BOB = new Actor("bob", "tenant-1", "req-2");
    /** Alice's subject in another tenant: another person. */
    private static final Actor ALICE_ELSEWHERE = new Actor("alice", "tenant-2", "req-3");

    private final Fakes.Repository repository = new Fakes.Repository();
    private final Fakes.Blobs blobs = new Fakes.Blobs();
    private final Fakes.Cache cache = new Fakes.Cache();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-05-01T12:00:00Z"));
    private final FilesSettings settings = new FilesSettings(List.of("text/plain", "application/pdf", "image/png"),
            1000, 100, Duration.ofMinutes(15), Duration.ofMinutes(5), 50, Duration.ofDays(7));
    private final FileService service = new FileService(repository, blobs, cache, settings,
            () -> CursorKeys.of(CursorKeys.LOCAL_SAMPLE, java.util.Optional.empty()), clock);

    private UploadSession session(Actor actor, String name) {
        return service.createUploadSession(actor, new UploadSessionRequest(name, 10L, "application/pdf", null));
    }

    private FileView direct(Actor actor, String name, String content) {
        return service.upload(actor, new DirectUpload(name, "X-File-Name", "text/plain", "X-File-Content-Type",
                content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void createUploadSession_storesAPendingRowAndSignsAWriteUrlForItsBlob() {
        UploadSession session = service.createUploadSession(ALICE,
                new UploadSessionRequest("Q1 Report.pdf", 123L, "Application/PDF", Map.of("team", "finance")));

        FileRecord row = repository.rows.get(FileId.parse(session.fileId()));
        assertThat(row.status()).isEqualTo(FileStatus.PENDING);
        assertThat(row.declaredSizeBytes()).isEqualTo(123L);
        assertThat(row.declaredContentType()).isEqualTo("application/pdf");
        assertThat(row.blobPath()).isEqualTo("uploaded-files/tenant-1/alice/" + session.fileId() + "/Q1_Report.pdf");
        assertThat(session.method()).isEqualTo("PUT");
        assertThat(session.headers()).containsEntry("x-ms-blob-type", "BlockBlob")
                .containsEntry("Content-Type", "application/pdf");
        assertThat(session.uploadUrl()).contains("/uploaded-files/tenant-1/alice/" + session.fileId() + "/Q1_Report.pdf?");
        assertThat(blobs.calls).containsExactly("writeUrl uploaded-files/tenant-1/alice/" + session.fileId()
                + "/Q1_Report.pdf PT15M");
        assertThat(session.file().tags()).containsEntry("team", "finance");
        assertThat(repository.audits).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("file.upload_session_created");
            assertThat(a.actor()).isEqualTo("alice");
            assertThat(a.requestId()).isEqualTo("req-1");
            assertThat(a.fileId().toString()).isEqualTo(session.fileId());
        });
    }

    @Test
    void createUploadSession_policyViolations_storeNothing() {
        assertThatThrownBy(() -> service.createUploadSession(ALICE, new UploadSessionRequest("a.exe", 10L, "application/x-msdownload", null)))
                .isInstanceOf(UnsupportedMediaTypeException.class);
        assertThatThrownBy(() -> service.createUploadSession(ALICE, new UploadSessionRequest("a.pdf", 1001L, "application/pdf", null)))
                .isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> service.createUploadSession(ALICE, new UploadSessionRequest("../a.pdf", 10L, "application/pdf", null)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> service.createUploadSession(ALICE, new UploadSessionRequest("a.pdf", null, "application/pdf", null)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("size"));

        assertThat(repository.rows).isEmpty();
        assertThat(blobs.calls).isEmpty();
    }

    @Test
    void upload_storesTheBlobAndAPendingRow() {
        FileView file = direct(ALICE, "notes.txt", "hello");

        assertThat(file.status()).isEqualTo("pending");
        assertThat(file.size()).isEqualTo(5);
        assertThat(blobs.blobs).containsKey("uploaded-files/tenant-1/alice/" + file.id() + "/notes.txt");
    }

    @Test
    void upload_blobWriteFails_removesTheRowAndRethrows() {
        blobs.failCreate = Fakes.Blobs.down();

        assertThatThrownBy(() -> direct(ALICE, "notes.txt", "hello")).isInstanceOf(DependencyException.class);

        assertThat(repository.rows).isEmpty();
        assertThat(repository.audits).extracting(AuditEntry::action).containsExactly("file.uploaded", "file.upload_failed");
    }

    @Test
    void upload_overTheDirectLimit_is413() {
        assertThatThrownBy(() -> direct(ALICE, "big.txt", "x".repeat(101))).isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void everyEndpoint_anotherOwnersFile_isNotFound() {
        FileView file = direct(ALICE, "secret.txt", "hello");
        FileId id = FileId.parse(file.id());
        repository.force(id, FileStatus.READY, 5L);

        assertThatThrownBy(() -> service.get(BOB, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.content(BOB, id, false, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.update(BOB, id, new FilePatch("x.txt", null), null))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(BOB, id, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.restore(BOB, id)).isInstanceOf(NotFoundException.class);
        assertThat(service.list(BOB, ListQuery.first()).items()).isEmpty();
        assertThat(repository.rows.get(id).name()).isEqualTo("secret.txt");
        assertThat(repository.rows.get(id).status()).isEqualTo(FileStatus.READY);
    }

    @Test
    void list_pagesNewestFirstWithACursorUntilTheEnd() {
        for (int i = 0; i < 5; i++) {
            direct(ALICE, "f" + i + ".txt", "x");
            clock.advance(Duration.ofSeconds(1));
        }
        ListQuery two = ListQuery.parse(Map.of("limit", "2"));

        FilePage first = service.list(ALICE, two);
        FilePage second = service.list(ALICE, ListQuery.parse(Map.of("limit", "2", "cursor", first.nextCursor())));
        FilePage third = service.list(ALICE, ListQuery.parse(Map.of("limit", "2", "cursor", second.nextCursor())));

        assertThat(first.items()).extracting(FileView::name).containsExactly("f4.txt", "f3.txt");
        assertThat(second.items()).extracting(FileView::name).containsExactly("f2.txt", "f1.txt");
        assertThat(third.items()).extracting(FileView::name).containsExactly("f0.txt");
        assertThat(third.nextCursor()).isNull();
    }

    @Test
    void list_cursorWithOtherFilters_is400() {
        direct(ALICE, "a.txt", "x");
        clock.advance(Duration.ofSeconds(1));
        direct(ALICE, "b.txt", "x");
        String cursor = service.list(ALICE, ListQuery.parse(Map.of("limit", "1"))).nextCursor();

        assertThatThrownBy(() -> service.list(ALICE, ListQuery.parse(Map.of("limit", "1", "status", "ready", "cursor", cursor))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        assertThatThrownBy(() -> service.list(BOB, ListQuery.parse(Map.of("limit", "1", "cursor", cursor))))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void theSameSubjectInAnotherTenant_seesNoneOfTheFiles_andCannotUseTheCursors() {
        FileView file = direct(ALICE, "a.txt", "x");
        direct(ALICE, "b.txt", "y");
        FileId id = FileId.parse(file.id());
        String cursor = service.list(ALICE, ListQuery.parse(Map.of("limit", "1"))).nextCursor();

        assertThat(service.list(ALICE_ELSEWHERE, ListQuery.first()).items()).isEmpty();
        assertThatThrownBy(() -> service.get(ALICE_ELSEWHERE, id)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.delete(ALICE_ELSEWHERE, id, null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> service.list(ALICE_ELSEWHERE, ListQuery.parse(Map.of("limit", "1", "cursor", cursor))))
                .isInstanceOf(InvalidFieldException.class);
        assertThat(service.get(ALICE, id).status()).isNotEqualTo("deleted");
    }

    @Test
    void cache_firstPageAndMetadataAreCached_andEveryWriteShowsAtOnce() {
        FileView file = direct(ALICE, "a.txt", "x");
        FileId id = FileId.parse(file.id());
        assertThat(service.list(ALICE, ListQuery.first()).items()).hasSize(1);
        assertThat(service.get(ALICE, id).name()).isEqualTo("a.txt");
        assertThat(cache.entries.get(ALICE.scope())).hasSize(2);

        service.update(ALICE, id, new FilePatch("b.txt", null), null);

        assertThat(service.get(ALICE, id).name()).isEqualTo("b.txt");
        assertThat(service.list(ALICE, ListQuery.first()).items()).extracting(FileView::name).containsExactly("b.txt");
        service.delete(ALICE, id, null);
        assertThat(service.list(ALICE, ListQuery.first()).items()).isEmpty();
        assertThat(service.get(ALICE, id).status()).isEqualTo("deleted");
    }

    @Test
    void content_notReady_is409_ready_redirectsToAReadUrl() {
        FileView file = direct(ALICE, "a.txt", "hello");
        FileId id = FileId.parse(file.id());

        assertThatThrownBy(() -> service.content(ALICE, id, false, null))
                .isInstanceOf(ConflictException.class).hasMessageContaining("pending");

        repository.force(id, FileStatus.READY, 5L);
        Download download = service.content(ALICE, id, false, null);

        assertThat(download).isInstanceOfSatisfying(Download.Redirect.class,
                r -> assertThat(r.location().toString()).contains("sp=r"));
        assertThat(blobs.calls).contains("readUrl uploaded-files/tenant-1/alice/" + id + "/a.txt PT5M a.txt");
    }

    @Test
    void aFileWhoseBlobMovedToFiles_isServedFromThere_andDeleteRestoreMoveItFromAndBackThere() {
        FileView file = direct(ALICE, "a.txt", "hello");
        FileId id = FileId.parse(file.id());
        String name = "tenant-1/alice/" + id + "/a.txt";
        blobs.blobs.put(BlobPaths.FILES_CONTAINER + "/" + name,
                blobs.blobs.remove(BlobPaths.UPLOADS_CONTAINER + "/" + name));
        repository.force(id, FileStatus.READY, 5L, BlobPaths.FILES_CONTAINER);

        assertThat(((Download.Content) service.content(ALICE, id, true, null)).bytes())
                .isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        service.content(ALICE, id, false, null);
        service.delete(ALICE, id, null);
        service.restore(ALICE, id);

        assertThat(blobs.calls).contains("readUrl files/" + name + " PT5M a.txt",
                "move " + name + " files -> deleted-files", "move " + name + " deleted-files -> files");
        assertThat(blobs.blobs).containsKey(BlobPaths.FILES_CONTAINER + "/" + name)
                .doesNotContainKey(BlobPaths.UPLOADS_CONTAINER + "/" + name);
    }

    @Test
    void content_inlineSmallFile_streamsTheBytesAndRanges() {
        FileView file = direct(ALICE, "a.txt", "hello world");
        FileId id = FileId.parse(file.id());
        repository.force(id, FileStatus.READY, 11L);

        Download.Content whole = (Download.Content) service.content(ALICE, id, true, null);
        Download.Content part = (Download.Content) service.content(ALICE, id, true, "bytes=6-");

        assertThat(new String(whole.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
        assertThat(whole.range()).isNull();
        assertThat(new String(part.bytes(), StandardCharsets.UTF_8)).isEqualTo("world");
        assertThat(part.range().contentRange()).isEqualTo("bytes 6-10/11");
        assertThatThrownBy(() -> service.content(ALICE, id, true, "bytes=11-"))
                .isInstanceOf(RangeNotSatisfiableException.class);
    }

    @Test
    void content_inlineLargeFile_redirectsInstead() {
        FileView file = direct(ALICE, "a.txt", "x".repeat(60));
        FileId id = FileId.parse(file.id());
        repository.force(id, FileStatus.READY, 60L);

        assertThat(service.content(ALICE, id, true, null)).isInstanceOf(Download.Redirect.class);
    }

    @Test
    void update_staleIfMatch_is412_currentOrStar_applies() {
        FileView file = direct(ALICE, "a.txt", "x");
        FileId id = FileId.parse(file.id());

        assertThatThrownBy(() -> service.update(ALICE, id, new FilePatch("b.txt", null), "\"999\""))
                .isInstanceOf(PreconditionFailedException.class);
        FileView renamed = service.update(ALICE, id, new FilePatch("b.txt", Map.of("k", "v")), file.etag());
        FileView retagged = service.update(ALICE, id, new FilePatch(null, Map.of()), "*");

        assertThat(renamed.name()).isEqualTo("b.txt");
        assertThat(renamed.etag()).isNotEqualTo(file.etag());
        assertThat(retagged.tags()).isEmpty();
        assertThat(retagged.name()).isEqualTo("b.txt");
        assertThatThrownBy(() -> service.update(ALICE, id, new FilePatch("c.txt", null), file.etag()))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(repository.audits).extracting(AuditEntry::action).endsWith("file.updated", "file.updated");
    }

    @Test
    void update_nothingToChange_is400_sameValues_changeNothing() {
        FileView file = direct(ALICE, "a.txt", "x");
        FileId id = FileId.parse(file.id());

        assertThatThrownBy(() -> service.update(ALICE, id, new FilePatch(null, null), null))
                .isInstanceOf(InvalidFieldException.class);
        FileView same = service.update(ALICE, id, new FilePatch("a.txt", null), null);

        assertThat(same.etag()).isEqualTo(file.etag());
    }

    @Test
    void delete_movesTheBlobAndRestoreBringsBothBack() {
        FileView file = direct(ALICE, "a.txt", "hello");
        FileId id = FileId.parse(file.id());
        repository.force(id, FileStatus.READY, 5L);
        String name = "tenant-1/alice/" + id + "/a.txt";

        service.delete(ALICE, id, null);

        FileView deleted = service.get(ALICE, id);
        assertThat(deleted.status()).isEqualTo("deleted");
        assertThat(deleted.restorableUntil()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
        assertThat(blobs.blobs).containsOnlyKeys("deleted-files/" + name);
        assertThatThrownBy(() -> service.content(ALICE, id, false, null)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> service.update(ALICE, id, new FilePatch("b.txt", null), null))
                .isInstanceOf(ConflictException.class);

        service.delete(ALICE, id, null); // again: nothing changes
        FileView restored = service.restore(ALICE, id);

        assertThat(restored.status()).isEqualTo("ready");
        assertThat(blobs.blobs).containsOnlyKeys("uploaded-files/" + name);
        assertThat(repository.audits).extracting(AuditEntry::action)
                .containsExactly("file.uploaded", "file.deleted", "file.restored");
        assertThatThrownBy(() -> service.restore(ALICE, id)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("not deleted");
    }

    @Test
    void restore_afterTheWindow_is409() {
        FileView file = direct(ALICE, "a.txt", "x");
        FileId id = FileId.parse(file.id());
        service.delete(ALICE, id, null);

        clock.advance(Duration.ofDays(7));

        assertThatThrownBy(() -> service.restore(ALICE, id)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("restore window of 7 days");
    }

    @Test
    void delete_blobMoveFails_revertsTheRowAndRethrows() {
        FileView file = direct(ALICE, "a.txt", "x");
        FileId id = FileId.parse(file.id());
        repository.force(id, FileStatus.READY, 1L);
        blobs.failMove = Fakes.Blobs.down();

        assertThatThrownBy(() -> service.delete(ALICE, id, null)).isInstanceOf(DependencyException.class);

        assertThat(repository.rows.get(id).status()).isEqualTo(FileStatus.READY);
        assertThat(repository.rows.get(id).deletedAt()).isNull();
        assertThat(repository.audits).extracting(AuditEntry::action)
                .containsExactly("file.uploaded", "file.deleted", "file.change_reverted");
    }

    @Test
    void delete_staleIfMatch_is412() {
        FileView file = direct(ALICE, "a.txt", "x");

        assertThatThrownBy(() -> service.delete(ALICE, FileId.parse(file.id()), "\"41\""))
                .isInstanceOf(PreconditionFailedException.class);
        assertThat(repository.rows.get(FileId.parse(file.id())).status()).isEqualTo(FileStatus.PENDING);
    }

    @Test
    void fileId_malformed_isNotFound() {
        assertThatThrownBy(() -> FileId.parse("1 or 1=1")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> FileId.parse("0b6f3f3c1f1e4c559d2c8f7f7c1d2e3a")).isInstanceOf(NotFoundException.class);
        assertThat(FileId.parse("0B6F3F3C-1F1E-4C55-9D2C-8F7F7C1D2E3A").toString())
                .isEqualTo("0b6f3f3c-1f1e-4c55-9d2c-8f7f7c1d2e3a");
    }

    @Test
    void session_viewIsSerialisable() {
        UploadSession s = session(ALICE, "a.pdf");

        assertThat(com.aisaas.common.Json.write(s)).contains("\"uploadUrl\"", "\"expiresAt\":\"2030-01-01T00:15:00Z\"");
        assertThat(Optional.of(s.file().etag())).contains("\"1\"");
    }

}
