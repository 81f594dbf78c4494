package com.aisaas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.app.AppContext;
import com.aisaas.config.ProcessingSettings;
import com.aisaas.config.SearchSettings;
import com.aisaas.db.RowSecurity;
import com.aisaas.events.DomainEvent;
import com.aisaas.events.EventPublisher;
import com.aisaas.events.Outbox;
import com.aisaas.files.Actor;
import com.aisaas.files.BlobPaths;
import com.aisaas.files.CursorKeys;
import com.aisaas.files.FileId;
import com.aisaas.files.FilePatch;
import com.aisaas.files.InvalidFieldException;
import com.aisaas.files.UploadPolicy;
import com.aisaas.processing.JdbcProcessingRepository;
import com.aisaas.processing.UploadProcessor;
import com.aisaas.storage.AzureBlobStore;
import com.aisaas.storage.BlobStore;
import com.aisaas.testing.TestServices;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Search end to end in the shared module: real documents processed by {@link UploadProcessor} (extraction on the
 * processing stream) into real PostgreSQL (production migrations, runtime role, row-level security), then found
 * through {@link SearchService}.
 */
class SearchIT {

    private static final String TENANT = "t-search";
    private static final UploadPolicy POLICY = new UploadPolicy(List.of("application/pdf", "text/plain",
            "text/html", "application/rtf", "image/png", "application/vnd.openxmlformats-officedocument.*"),
            1L << 32, 4 << 20);
    private static AppContext context;
    private static AzureBlobStore blobs;
    private static BlobContainerClient uploads;
    private static UploadProcessor processor;
    private static SearchService search;
    private static final List<DomainEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        context = AppContext.create(TestServices.appEnvironment("search_it"));
        context.database();
        blobs = new AzureBlobStore(context.blobStorage().service(), false, false, Clock.systemUTC());
        blobs.ensureContainer(BlobPaths.UPLOADS_CONTAINER);
        blobs.ensureContainer(BlobPaths.DELETED_CONTAINER);
        uploads = context.blobStorage().service().getBlobContainerClient(BlobPaths.UPLOADS_CONTAINER);
        EventPublisher recording = events::add;
        processor = new UploadProcessor(new JdbcProcessingRepository(context.database()), blobs,
                context.metadataCache(), POLICY, new Outbox(context.database(), recording, Clock.systemUTC()),
                context.domainMetrics(), ProcessingSettings.defaults(), new TextExtractor(SearchSettings.defaults(), Clock.systemUTC()),
                Clock.systemUTC());
        search = context.search();
    }

    @AfterAll
    static void close() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aWordOnPageThree_ofAPdf_findsIt_withThePassageHighlighted() throws Exception {
        Actor alice = actor("alice-pdf");
        FileId id = processed(alice, "handbook.pdf", "application/pdf", SampleDocuments.pdf(List.of(
                "Welcome to the staff handbook", "Holidays and leave", "The fire assembly point is the aardvark"
                        + " statue in the courtyard")));

        SearchPage page = search.search(alice, query("aardvark"));

        assertThat(page.items()).singleElement().satisfies(hit -> {
            assertThat(hit.file().id()).isEqualTo(id.toString());
            assertThat(hit.snippet()).contains("<mark>aardvark</mark>");
            assertThat(hit.rank()).isPositive();
            @SuppressWarnings("unchecked")
            Map<String, Object> extraction = (Map<String, Object>) hit.file().metadata().get("extraction");
            assertThat(extraction).containsEntry("status", "indexed").containsEntry("language", "en");
        });
        assertThat(events).anySatisfy(e -> assertThat(e.data()).containsEntry("fileId", id.toString())
                .containsEntry("textIndexed", true));
    }

    @Test
    void everyIndexedType_isFoundByAWordOfItsText() throws Exception {
        Actor bob = actor("bob-types");
        Map<String, FileId> byWord = new HashMap<>();
        byWord.put("marmalade", processed(bob, "a.txt", "text/plain",
                SampleDocuments.text("Notes about marmalade production")));
        byWord.put("trombone", processed(bob, "b.html", "text/html",
                SampleDocuments.html("Band", "The trombone section rehearses on Fridays")));
        byWord.put("zeppelin", processed(bob, "c.rtf", "application/rtf",
                SampleDocuments.rtf("Minutes of the zeppelin society")));
        byWord.put("walrus", processed(bob, "d.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                SampleDocuments.docx(List.of("Feeding schedule of the walrus enclosure"))));
        byWord.put("pelican", processed(bob, "e.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                SampleDocuments.xlsx(List.of("Species", "pelican"))));

        for (Map.Entry<String, FileId> entry : byWord.entrySet()) {
            assertThat(search.search(bob, query(entry.getKey())).items()).as(entry.getKey())
                    .extracting(hit -> hit.file().id()).containsExactly(entry.getValue().toString());
        }
    }

    @Test
    void stems_phrases_or_andExclusions_followWebSearchSyntax() throws Exception {
        Actor carol = actor("carol-syntax");
        FileId running = processed(carol, "run.txt", "text/plain", SampleDocuments.text(
                "The runners were running through the quiet forest at dawn while the birds were singing."));
        FileId forest = processed(carol, "forest.txt", "text/plain", SampleDocuments.text(
                "A quiet afternoon in the forest with a picnic, far away from the city and its noise."));

        assertThat(ids(carol, "run")).containsExactly(running.toString());
        assertThat(ids(carol, "forest")).containsExactlyInAnyOrder(running.toString(), forest.toString());
        assertThat(ids(carol, "forest -picnic")).containsExactly(running.toString());
        assertThat(ids(carol, "\"quiet forest\"")).containsExactly(running.toString());
        assertThat(ids(carol, "picnic or singing")).containsExactlyInAnyOrder(running.toString(), forest.toString());
        assertThat(ids(carol, "nonexistentword")).isEmpty();
    }

    @Test
    void imagesAreFoundByNameAndTags_andARenameIsFoundAtOnce() throws Exception {
        Actor dave = actor("dave-names");
        FileId image = processed(dave, "platypus.png", "image/png", png());
        assertThat(ids(dave, "platypus")).containsExactly(image.toString());

        context.files().update(dave, image, new FilePatch("wombat.png", Map.of("project", "kangaroo")), null);

        assertThat(ids(dave, "platypus")).isEmpty();
        assertThat(ids(dave, "wombat")).containsExactly(image.toString());
        assertThat(ids(dave, "kangaroo")).containsExactly(image.toString());
        assertThat(search.search(dave, SearchQuery.parse(Map.of("q", "wombat", "tag", "project=kangaroo")))
                .items()).hasSize(1);
        assertThat(search.search(dave, SearchQuery.parse(Map.of("q", "wombat", "tag", "project=other")))
                .items()).isEmpty();
        assertThat(search.search(dave, SearchQuery.parse(Map.of("q", "wombat", "contentType", "text/*")))
                .items()).isEmpty();
        assertThat(search.search(dave, SearchQuery.parse(Map.of("q", "wombat", "contentType", "image/*")))
                .items()).hasSize(1);
    }

    @Test
    void aDeletedFile_leavesTheResultsAtOnce_andComesBackOnRestore() throws Exception {
        Actor erin = actor("erin-delete");
        FileId id = processed(erin, "memo.txt", "text/plain", SampleDocuments.text("The capybara memo"));

        context.files().delete(erin, id, null);
        assertThat(ids(erin, "capybara")).isEmpty();
        assertThat(search.search(erin, SearchQuery.parse(Map.of("q", "capybara", "status", "deleted"))).items())
                .hasSize(1);

        context.files().restore(erin, id);
        assertThat(ids(erin, "capybara")).containsExactly(id.toString());
    }

    @Test
    void anotherOwner_orTheSameOwnerIdInAnotherTenant_findsNothing() throws Exception {
        Actor frank = actor("frank-scope");
        processed(frank, "secret.txt", "text/plain", SampleDocuments.text("The narwhal project budget"));

        assertThat(ids(frank, "narwhal")).hasSize(1);
        assertThat(ids(actor("grace-scope"), "narwhal")).isEmpty();
        assertThat(search.search(new Actor("frank-scope", "another-tenant", "r"), query("narwhal")).items())
                .isEmpty();
    }

    @Test
    void theRuntimeRole_seesOnlyItsScopesSearchRows_andTheSearchFunctionNothingWithoutAScope() throws Exception {
        Actor henry = actor("henry-rls");
        processed(henry, "h.txt", "text/plain", SampleDocuments.text("The okapi sightings"));

        try (Connection connection = context.database().dataSource().getConnection()) {
            connection.setAutoCommit(false);
            assertThat(countRows(connection, "select count(*) from file_texts")).isZero();
            assertThat(countRows(connection, "select count(*) from search_file_ids('okapi', array['simple',"
                    + " 'english']::regconfig[], null, null, null, null, null, null, null, null, null, 10, 1000)")).isZero();
            RowSecurity.actAs(connection, actor("ivy-rls").scope());
            assertThat(countRows(connection, "select count(*) from file_texts")).isZero();
            assertThat(countRows(connection, "select count(*) from search_file_ids('okapi', array['simple',"
                    + " 'english']::regconfig[], null, null, null, null, null, null, null, null, null, 10, 1000)")).isZero();
            connection.rollback();
            RowSecurity.actAs(connection, henry.scope());
            assertThat(countRows(connection, "select count(*) from file_texts")).isOne();
            assertThat(countRows(connection, "select count(*) from search_file_ids('okapi', array['simple',"
                    + " 'english']::regconfig[], null, null, null, null, null, null, null, null, null, 10, 1000)")).isOne();
            connection.rollback();
        }
    }

    @Test
    void pages_followOneAnother_withoutRepeatsOrGaps() throws Exception {
        Actor judy = actor("judy-pages");
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            // the word appears i+1 times: ranks differ, and some tie
            all.add(processed(judy, "p" + i + ".txt", "text/plain", SampleDocuments.text(
                    ("lemur ").repeat(1 + i / 2) + "document number " + i)).toString());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> params = new HashMap<>(Map.of("q", "lemur", "limit", "3"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            SearchPage page = search.search(judy, SearchQuery.parse(params));
            page.items().forEach(hit -> seen.add(hit.file().id()));
            for (int i = 1; i < page.items().size(); i++) {
                assertThat(page.items().get(i).rank()).isLessThanOrEqualTo(page.items().get(i - 1).rank());
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(Set.copyOf(seen)).isEqualTo(all);
        assertThat(pages).isEqualTo(3);
        String first = search.search(judy, SearchQuery.parse(Map.of("q", "lemur", "limit", "3"))).nextCursor();
        assertThatThrownBy(() -> search.search(judy, SearchQuery.parse(Map.of("q", "other", "cursor", first))))
                .isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void aQueryMatchingMoreFilesThanTheBound_ranksTheNewestOnly_andSaysSo() throws Exception {
        Actor lena = actor("lena-bound");
        List<FileId> byAge = new ArrayList<>(); // oldest first; the oldest says the word most often
        for (int i = 0; i < 5; i++) {
            byAge.add(processed(lena, "b" + i + ".txt", "text/plain", SampleDocuments.text(
                    ("tapir ").repeat(5 - i) + "report number " + i)));
        }
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement age = connection.prepareStatement("update files set created_at ="
                     + " timestamptz '2026-03-01' + ? * interval '1 day' where id = ?")) {
            for (int i = 0; i < byAge.size(); i++) {
                age.setInt(1, i);
                age.setObject(2, byAge.get(i).value());
                age.executeUpdate();
            }
        }
        List<String> newest = byAge.subList(2, 5).stream().map(FileId::toString).toList();
        SearchService bounded = new SearchService(new JdbcSearchRepository(context.database(), 3),
                context.settings().files(), () -> CursorKeys.of(CursorKeys.LOCAL_SAMPLE, Optional.empty()));

        // every page of the bounded search: the three newest, best first, each page marked partial
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, String> params = new HashMap<>(Map.of("q", "tapir", "limit", "2"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            SearchPage page = bounded.search(lena, SearchQuery.parse(params));
            assertThat(page.partial()).isTrue();
            page.items().forEach(hit -> seen.add(hit.file().id()));
            cursor = page.nextCursor();
        } while (cursor != null && seen.size() < 10);
        assertThat(seen).containsExactly(newest.get(0), newest.get(1), newest.get(2));

        // a date range reaches the older ones, exactly ranked (two matches are within the bound)
        SearchPage older = bounded.search(lena, SearchQuery.parse(Map.of("q", "tapir", "to", "2026-03-02")));
        assertThat(older.partial()).isFalse();
        assertThat(older.items()).extracting(hit -> hit.file().id())
                .containsExactly(byAge.get(0).toString(), byAge.get(1).toString());

        // with the default bound all five are ranked: the oldest, with the most occurrences, first
        SearchPage all = search.search(lena, query("tapir"));
        assertThat(all.partial()).isFalse();
        assertThat(all.items()).extracting(hit -> hit.file().id()).hasSize(5)
                .startsWith(byAge.get(0).toString(), byAge.get(1).toString());
    }

    @Test
    void aWriteThroughTheUploadUrlAfterReady_changesNothingInTheIndex() throws Exception {
        Actor kim = actor("kim-overwrite");
        byte[] first = SampleDocuments.text("The first draft mentions the ibis");
        String path = pending(kim, "draft.txt", "text/plain", first.length);
        upload(path, first);
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        assertThat(ids(kim, "ibis")).hasSize(1);

        // new content of the declared size, written through the upload SAS while it lives: the file's blob has moved
        // to the files container, so the write lands beside it and is removed
        byte[] sameLength = SampleDocuments.text(String.format("%-" + first.length + "s", "The final heron"));
        upload(path, sameLength);
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.ALREADY_DONE);

        assertThat(ids(kim, "ibis")).hasSize(1);
        assertThat(ids(kim, "heron")).isEmpty();
    }

    @Test
    void anOverwrittenBlobOfAFileReadyBeforeBlobsMoved_isIndexedAgain() throws Exception {
        Actor kim = actor("kim-legacy");
        byte[] first = SampleDocuments.text("The old draft mentions the egret");
        String path = pending(kim, "old-draft.txt", "text/plain", first.length);
        upload(path, first);
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);
        // as a file that became ready before processed blobs moved: its blob in uploaded-files
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "update files set blob_container = 'uploaded-files' where blob_path = ?")) {
            update.setString(1, path);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        assertThat(ids(kim, "egret")).hasSize(1);

        byte[] sameLength = SampleDocuments.text(String.format("%-" + first.length + "s", "The final stork"));
        upload(path, sameLength);
        assertThat(processor.process(path, content(path))).isEqualTo(UploadProcessor.Result.READY);

        assertThat(ids(kim, "egret")).isEmpty();
        assertThat(ids(kim, "stork")).hasSize(1);
    }

    private static List<String> ids(Actor actor, String q) {
        return search.search(actor, query(q)).items().stream().map(hit -> hit.file().id()).toList();
    }

    private static SearchQuery query(String q) {
        return SearchQuery.parse(Map.of("q", q));
    }

    private static Actor actor(String owner) {
        return new Actor(owner, TENANT, "test");
    }

    private static FileId processed(Actor actor, String name, String type, byte[] content) throws Exception {
        String path = pending(actor, name, type, content.length);
        upload(path, content);
        assertThat(processor.process(path, content(path))).as(name).isEqualTo(UploadProcessor.Result.READY);
        return FileId.parse(path.split("/")[3]);
    }

    private static String pending(Actor actor, String name, String type, long size) throws Exception {
        FileId id = FileId.random();
        String path = BlobPaths.of(TENANT, actor.ownerId(), id, name);
        try (Connection connection = context.maintenanceDatabase().dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into files (id, tenant_id, owner_id,"
                     + " name, declared_content_type, declared_size_bytes, size_bytes, status, blob_path)"
                     + " values (?, ?, ?, ?, ?, ?, ?, 'pending', ?)")) {
            insert.setObject(1, id.value());
            insert.setString(2, TENANT);
            insert.setString(3, actor.ownerId());
            insert.setString(4, name);
            insert.setString(5, type);
            insert.setLong(6, size);
            insert.setLong(7, size);
            insert.setString(8, path);
            insert.executeUpdate();
        }
        return path;
    }

    private static void upload(String path, byte[] bytes) {
        uploads.getBlobClient(BlobPaths.blobName(path)).upload(BinaryData.fromBytes(bytes), true);
    }

    private static com.aisaas.storage.BlobContent content(String path) {
        return blobs.content(new BlobStore.BlobRef(BlobPaths.UPLOADS_CONTAINER, BlobPaths.blobName(path)));
    }

    private static long countRows(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static byte[] png() {
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0,
                0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, (byte) 0xC4, (byte) 0x89};
    }
}
