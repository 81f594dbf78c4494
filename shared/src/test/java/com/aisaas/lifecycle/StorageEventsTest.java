package com.aisaas.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Azure's published samples (src/test/resources/events, verbatim) and, for the event types without a published
 * sample file, payloads written from the schemas on Microsoft's "Azure Blob Storage as an Event Grid source" page,
 * in both the Event Grid schema and CloudEvents 1.0.
 */
class StorageEventsTest {

    @Test
    void publishedBlobCreated_eventGridSchema() throws IOException {
        StorageEvent event = single(fixture("eventgrid/BlobCreated.PutBlockList.json"));

        assertThat(event.type()).isEqualTo(StorageEvent.BLOB_CREATED);
        assertThat(event.schema()).isEqualTo(StorageEvent.Schema.EVENT_GRID);
        assertThat(event.api()).contains("PutBlockList");
        assertThat(event.eTag()).hasValueSatisfying(e -> assertThat(e).doesNotContain("\"").startsWith("0x"));
        assertThat(event.sequencer()).isPresent();
        assertThat(event.contentLength()).isPresent();
        assertThat(event.blobPath()).isPresent();
    }

    @Test
    void publishedBlobCreated_cloudEvents_pathFromTheSubject() throws IOException {
        StorageEvent event = single(fixture("cloudevents/BlobCreated.PutBlockList.json"));

        assertThat(event.schema()).isEqualTo(StorageEvent.Schema.CLOUD_EVENTS);
        assertThat(event.id()).isEqualTo("831e1650-001e-001b-66ab-eeb76e069631");
        assertThat(event.time()).isEqualTo(Instant.parse("2017-06-26T18:41:00.9584103Z"));
        // the published sample's url says "testcontainer", its subject "test-container": the subject is what
        // Event Grid filters on, so it names the blob
        assertThat(event.blobPath()).contains("test-container/new-file.txt");
        assertThat(event.eTag()).contains("0x8D4BCC2E4835CD0");
        assertThat(event.contentLength()).contains(524288L);
    }

    @Test
    void publishedBlobDeleted_bothSchemas() throws IOException {
        StorageEvent grid = single(fixture("eventgrid/BlobDeleted.DeleteBlob.json"));
        StorageEvent cloud = single(fixture("cloudevents/BlobDeleted.DeleteBlob.json"));

        for (StorageEvent event : List.of(grid, cloud)) {
            assertThat(event.type()).isEqualTo(StorageEvent.BLOB_DELETED);
            assertThat(event.api()).contains("DeleteBlob");
            assertThat(event.sequencer()).isPresent();
            assertThat(event.container()).isPresent();
        }
        assertThat(grid.blobPath()).contains("testcontainer/file-to-delete.txt");
    }

    @Test
    void theValidationHandshakeIsNotAStorageEvent_butParsesAsAnEvent() throws IOException {
        StorageEvent event = single(fixture("eventgrid/SubscriptionValidationEvent.json"));

        assertThat(event.type()).isEqualTo("Microsoft.EventGrid.SubscriptionValidationEvent");
        assertThat(event.blobPath()).isEmpty();
    }

    enum Schema { EVENT_GRID, CLOUD_EVENTS }

    @ParameterizedTest
    @EnumSource(Schema.class)
    void blobTierChanged(Schema schema) {
        StorageEvent event = single(envelope(schema, StorageEvent.BLOB_TIER_CHANGED, "uploaded-files/t/o/f/a.pdf", """
                {"api": "SetBlobTier", "clientRequestId": "c", "requestId": "r", "contentType": "application/pdf",
                 "contentLength": 1024, "blobType": "BlockBlob", "accessTier": "Archive", "previousTier": "Cool",
                 "url": "https://acct.blob.core.windows.net/uploaded-files/t/o/f/a.pdf",
                 "sequencer": "0000000000000000000000000000A1B2000000000000abcd",
                 "storageDiagnostics": {"batchId": "b"}}"""));

        assertThat(event.accessTier()).contains("Archive");
        assertThat(event.previousTier()).contains("Cool");
        assertThat(event.blobPath()).contains("uploaded-files/t/o/f/a.pdf");
    }

    @ParameterizedTest
    @EnumSource(Schema.class)
    void blobRenamed_hierarchicalNamespace(Schema schema) {
        StorageEvent event = single(envelope(schema, StorageEvent.BLOB_RENAMED, "uploaded-files/t/o/f/new.txt", """
                {"api": "RenameFile", "clientRequestId": "c", "requestId": "r",
                 "destinationUrl": "https://acct.dfs.core.windows.net/uploaded-files/t/o/f/new.txt",
                 "sourceUrl": "https://acct.dfs.core.windows.net/uploaded-files/t/o/f/old.txt",
                 "sequencer": "00000000000006d400000000000331c8", "identity": "$superuser",
                 "storageDiagnostics": {"batchId": "b"}}"""));

        assertThat(event.renamedFrom()).contains("uploaded-files/t/o/f/old.txt");
        assertThat(event.renamedTo()).contains("uploaded-files/t/o/f/new.txt");
    }

    @ParameterizedTest
    @EnumSource(Schema.class)
    void asyncOperationInitiated_rehydration(Schema schema) {
        StorageEvent event = single(envelope(schema, StorageEvent.ASYNC_OPERATION_INITIATED,
                "uploaded-files/t/o/f/a.pdf", """
                {"api": "SetBlobTier", "clientRequestId": "c", "requestId": "r", "contentType": "application/pdf",
                 "contentLength": 1024, "blobType": "BlockBlob",
                 "url": "https://acct.blob.core.windows.net/uploaded-files/t/o/f/a.pdf",
                 "sequencer": "0000000000000000000000000000A1B3000000000000abcd",
                 "storageDiagnostics": {"batchId": "b"}}"""));

        assertThat(event.api()).contains("SetBlobTier");
        assertThat(event.contentLength()).contains(1024L);
    }

    @ParameterizedTest
    @EnumSource(Schema.class)
    void lifecyclePolicyCompleted_isAboutTheAccount(Schema schema) {
        String body = envelope(schema, StorageEvent.LIFECYCLE_POLICY_COMPLETED, null, """
                {"scheduleTime": "2022/05/24 22:57:29.3260160",
                 "deleteSummary": {"totalObjectsCount": 16, "successCount": 14, "errorList": ""},
                 "tierToCoolSummary": {"totalObjectsCount": 0, "successCount": 0, "errorList": ""},
                 "tierToArchiveSummary": {"totalObjectsCount": 0, "successCount": 0, "errorList": ""}}""");

        StorageEvent event = single(body);

        assertThat(event.blobPath()).isEmpty();
        assertThat(event.lifecycleSummary()).hasValueSatisfying(s -> assertThat(s).contains("\"successCount\":14"));
    }

    @ParameterizedTest
    @EnumSource(Schema.class)
    void dataLakeFlushWithClose_andATimeWithoutZoneIsUtc(Schema schema) {
        String body = envelope(schema, StorageEvent.BLOB_CREATED, "uploaded-files/t/o/f/d.csv", """
                {"api": "FlushWithClose", "clientRequestId": "c", "requestId": "r",
                 "eTag": "\\"0x8D76C39E4407333\\"", "contentType": "text/csv", "contentLength": 30,
                 "contentOffset": 0, "blobType": "BlockBlob",
                 "url": "https://acct.dfs.core.windows.net/uploaded-files/t/o/f/d.csv",
                 "sequencer": "0000000000000000000000000000A1B4000000000000abcd",
                 "storageDiagnostics": {"batchId": "b"}}""").replace("2026-11-21T10:00:00Z", "2026-11-21T10:00:00");

        StorageEvent event = single(body);

        assertThat(event.api()).contains("FlushWithClose");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
    }

    @Test
    void anArrayOfEvents_isEveryEvent() {
        String one = envelope(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, "uploaded-files/a/b/c/1", "{\"api\":\"DeleteBlob\"}");
        String two = envelope(Schema.EVENT_GRID, StorageEvent.BLOB_DELETED, "uploaded-files/a/b/c/2", "{\"api\":\"DeleteBlob\"}")
                .replace("\"id\": \"e-1\"", "\"id\": \"e-2\"");

        assertThat(StorageEvents.parse("[" + one + "," + two + "]")).extracting(StorageEvent::id)
                .containsExactly("e-1", "e-2");
    }

    @Test
    void notAnEvent_isAValidationError() {
        assertThatThrownBy(() -> StorageEvents.parse("not json")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> StorageEvents.parse("42")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> StorageEvents.parse("{\"id\": \"x\"}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("eventType");
        assertThatThrownBy(() -> StorageEvents.parse(envelope(Schema.EVENT_GRID, StorageEvent.BLOB_CREATED, "c/b",
                "{\"api\": \"PutBlob\", \"contentLength\": \"many\"}"))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void blobPathOf_handlesAzureAndAzuriteUrls() {
        assertThat(StorageEvents.blobPathOf("https://acct.blob.core.windows.net/uploaded-files/a/b.txt"))
                .isEqualTo("uploaded-files/a/b.txt");
        assertThat(StorageEvents.blobPathOf("http://127.0.0.1:10000/devstoreaccount1/uploaded-files/a/b.txt"))
                .isEqualTo("uploaded-files/a/b.txt");
        assertThat(StorageEvents.blobPathOf("https://acct.blob.core.windows.net/container-only")).isNull();
    }

    /** An event in {@code schema} about blob {@code path} (container/name; null: about the account). */
    static String envelope(Schema schema, String type, String path, String data) {
        String subject = path == null ? "" : "/blobServices/default/containers/" + path.substring(0, path.indexOf('/'))
                + "/blobs/" + path.substring(path.indexOf('/') + 1);
        String source = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct";
        return schema == Schema.EVENT_GRID
                ? "{\"topic\": \"" + source + "\", \"subject\": \"" + subject + "\", \"eventType\": \"" + type
                        + "\", \"eventTime\": \"2026-11-21T10:00:00Z\", \"id\": \"e-1\", \"data\": " + data
                        + ", \"dataVersion\": \"\", \"metadataVersion\": \"1\"}"
                : "{\"source\": \"" + source + "\", \"subject\": \"" + subject + "\", \"type\": \"" + type
                        + "\", \"time\": \"2026-11-21T10:00:00Z\", \"id\": \"e-1\", \"data\": " + data
                        + ", \"specversion\": \"1.0\"}";
    }

    private static StorageEvent single(String body) {
        List<StorageEvent> events = StorageEvents.parse(body);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = StorageEventsTest.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
