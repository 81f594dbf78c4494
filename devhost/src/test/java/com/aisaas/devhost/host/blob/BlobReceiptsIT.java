package com.aisaas.devhost.host.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.devhost.services.LocalServices;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * {@link BlobReceipts} against Azurite: the states of a claim, and which requests each one costs (every request to the
 * host storage is recorded, so a claim that reads the receipt when it need not shows here).
 */
class BlobReceiptsIT {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Runs once, just before the next lease request leaves (another host acting in the race window). */
    private final AtomicReference<Runnable> beforeLease = new AtomicReference<>();
    private BlobServiceClient storage;
    private String hostId;
    private BlobReceipts receipts;
    private String blob;

    @BeforeEach
    void setUp() {
        String connection = LocalServices.shared().azurite().connectionString();
        storage = new BlobServiceClientBuilder().connectionString(connection).addPolicy(new Recorder()).buildClient();
        hostId = "receipts-it-" + UUID.randomUUID();
        receipts = new BlobReceipts(storage, hostId);
        blob = "b-" + UUID.randomUUID() + ".txt";
        requests.clear();
    }

    @Test
    void aFirstClaim_createsAndLeasesTheReceipt_withoutReadingIt() {
        BlobReceipts.Claim claim = receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob);

        assertThat(claim.state()).isEqualTo(BlobReceipts.State.CLAIMED);
        assertThat(requests).containsExactly("PUT upload", "PUT lease acquire");
    }

    @Test
    void aCompletedReceipt_isReportedCompleted_withOneRead_andNoLease() {
        receipts.complete(receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob), "it");
        requests.clear();

        BlobReceipts.Claim again = receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob);

        assertThat(again.state()).isEqualTo(BlobReceipts.State.COMPLETED);
        assertThat(requests).containsExactly("PUT upload", "HEAD");
        assertThat(receipts.claim("Host.Functions.F", "\"0xB\"", "c", blob).state())
                .as("another eTag of the blob is another receipt").isEqualTo(BlobReceipts.State.CLAIMED);
    }

    @Test
    void aReceiptLeasedByAnother_isBusy_andClaimableOnceReleasedUncompleted() {
        BlobReceipts other = new BlobReceipts(storage, hostId);   // another instance of the same app
        BlobReceipts.Claim held = other.claim("Host.Functions.F", "\"0xA\"", "c", blob);
        assertThat(held.state()).isEqualTo(BlobReceipts.State.CLAIMED);

        assertThat(receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob).state()).isEqualTo(BlobReceipts.State.BUSY);

        other.release(held);   // the invocation failed: a retry may claim it
        requests.clear();
        assertThat(receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob).state()).isEqualTo(BlobReceipts.State.CLAIMED);
        assertThat(requests).containsExactly("PUT upload", "HEAD", "PUT lease acquire");
    }

    @Test
    void aReceiptCompletedBetweenTheCheckAndTheLease_isReportedCompleted_andLeftReleased() {
        BlobReceipts other = new BlobReceipts(storage, hostId);
        BlobReceipts.Claim first = other.claim("Host.Functions.F", "\"0xA\"", "c", blob);
        other.release(first);   // exists, not completed
        beforeLease.set(() -> other.complete(other.claim("Host.Functions.F", "\"0xA\"", "c", blob), "the other host"));
        requests.clear();

        BlobReceipts.Claim claim = receipts.claim("Host.Functions.F", "\"0xA\"", "c", blob);

        assertThat(claim.state()).isEqualTo(BlobReceipts.State.COMPLETED);
        assertThat(requests).as("the lease answered with a new eTag, so the receipt was read again, then released")
                .endsWith("PUT lease acquire", "HEAD", "PUT lease release");
        assertThat(other.claim("Host.Functions.F", "\"0xA\"", "c", blob).state())
                .as("not left leased").isEqualTo(BlobReceipts.State.COMPLETED);
    }

    /** Records "METHOD [lease action|upload]" of every request; runs {@link #beforeLease} before a lease acquire. */
    private final class Recorder implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            return Mono.defer(() -> {
                before(context);
                return next.process();
            });
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            before(context);
            return next.processSync();
        }

        private void before(HttpPipelineCallContext context) {
            String method = context.getHttpRequest().getHttpMethod().toString();
            String leaseAction = context.getHttpRequest().getHeaders().getValue("x-ms-lease-action");
            String query = context.getHttpRequest().getUrl().getQuery();
            String what = leaseAction != null ? "lease " + leaseAction
                    : "PUT".equals(method) && (query == null || !query.contains("comp=")) ? "upload" : null;
            if ("lease acquire".equals(what)) {
                Runnable action = beforeLease.getAndSet(null);
                if (action != null) {
                    action.run();
                }
            }
            if (method.equals("PUT") && query != null && query.contains("restype=container")) {
                return;
            }
            requests.add(what == null ? method : method + " " + what);
        }
    }
}
