package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.cache.MetadataCache;
import com.aisaas.common.DependencyException;
import com.aisaas.common.NotFoundException;
import com.aisaas.files.FileId;
import com.aisaas.files.FileStatus;
import com.aisaas.storage.BlobContent;
import com.aisaas.storage.BlobStore;
import com.aisaas.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UploadProcessorTest {

    private static final String OWNER = "alice";

    private final Rows rows = new Rows();
    private final Moves blobs = new Moves();
    private final List<String> invalidated = new ArrayList<>();
    private final MetadataCache cache = new MetadataCache() {
        @Override
        public <T> Optional<T> get(String ownerId, String key, Class<T> type) {
            return Optional.empty();
        }

        @Override
        public void put(String ownerId, String key, Object value) {
        }

        @Override
        public void invalidateOwner(String ownerId) {
            invalidated.add(ownerId);
        }
    };
    private final UploadProcessor processor = new UploadProcessor(rows, blobs, cache, ContentCheckTest.POLICY,
            new MutableClock(Instant.parse("2026-11-21T10:00:00Z")), 16);

    @Test
    void process_realPng_becomesReady_withHashSizeAndType() throws Exception {
        byte[] png = ContentCheckTest.png();
        String path = rows.pending("a.png", "image/png", png.length);

        UploadProcessor.Result result = processor.process(path, chunked(png, "0x1"));

        assertThat(result).isEqualTo(UploadProcessor.Result.READY);
        ProcessingRepository.Outcome outcome = rows.outcomes.get(path);
        assertThat(outcome.status()).isEqualTo(FileStatus.READY);
        assertThat(outcome.sha256()).isEqualTo(sha256(png));
        assertThat(outcome.sizeBytes()).isEqualTo(png.length);
        assertThat(outcome.detectedContentType()).isEqualTo("image/png");
        assertThat(outcome.etag()).isEqualTo("0x1");
        assertThat(blobs.moves).isEmpty();
        assertThat(invalidated).containsExactly(OWNER);
    }

    @Test
    void process_executableNamedPdf_isRejected_andQuarantined() {
        byte[] exe = ContentCheckTest.executable();
        String path = rows.pending("x.pdf", "application/pdf", exe.length);

        UploadProcessor.Result result = processor.process(path, chunked(exe, "0x2"));

        assertThat(result).isEqualTo(UploadProcessor.Result.REJECTED);
        assertThat(rows.outcomes.get(path).reason()).contains("not the declared application/pdf");
        assertThat(blobs.moves).containsExactly(path.substring("uploaded-files/".length())
                + " uploaded-files -> quarantine");
        assertThat(invalidated).containsExactly(OWNER);
    }

    @Test
    void process_sizeMismatch_isRejected() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        String path = rows.pending("a.txt", "text/plain", 50);

        assertThat(processor.process(path, chunked(text, "0x3"))).isEqualTo(UploadProcessor.Result.REJECTED);
        assertThat(rows.outcomes.get(path).reason()).contains("size 5 bytes differs from the declared 50");
    }

    @Test
    void process_redelivered_changesNothing_andDoesNotReadTheBlobAgain() {
        byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
        String path = rows.pending("a.txt", "text/plain", text.length);
        AtomicInteger reads = new AtomicInteger();
        BlobContent counted = sink -> {
            reads.incrementAndGet();
            return chunked(text, "0x4").downloadTo(sink);
        };
        processor.process(path, counted);
        int finishes = rows.finishes;

        UploadProcessor.Result again = processor.process(path, counted);

        assertThat(again).isEqualTo(UploadProcessor.Result.ALREADY_DONE);
        assertThat(reads).hasValue(1);
        assertThat(rows.finishes).isEqualTo(finishes);
        assertThat(rows.status.get(path)).isEqualTo(FileStatus.READY);
    }

    @Test
    void process_blobWithoutFile_isRecordedAsOrphan_andNothingElse() {
        String path = "uploaded-files/t/o/" + FileId.random() + "/stray.bin";

        UploadProcessor.Result result = processor.process(path, sink -> {
            throw new AssertionError("an orphan is not read");
        });

        assertThat(result).isEqualTo(UploadProcessor.Result.ORPHAN);
        assertThat(rows.orphans).containsExactly(path);
        assertThat(rows.outcomes).isEmpty();
    }

    @Test
    void process_transientDownloadFailure_rethrows_andARetrySucceeds() {
        byte[] text = "retry me".getBytes(StandardCharsets.UTF_8);
        String path = rows.pending("r.txt", "text/plain", text.length);

        assertThatThrownBy(() -> processor.process(path, sink -> {
            throw new DependencyException("blob", true, "download blob failed: HTTP 503");
        })).isInstanceOf(DependencyException.class);
        assertThat(rows.status.get(path)).isEqualTo(FileStatus.PROCESSING);

        assertThat(processor.process(path, chunked(text, "0x5"))).isEqualTo(UploadProcessor.Result.READY);
    }

    @Test
    void process_unreadableBlob_marksFailed() {
        String path = rows.pending("c.txt", "text/plain", 10);

        UploadProcessor.Result result = processor.process(path, sink -> {
            throw new UncheckedIOException(new IOException("truncated stream"));
        });

        assertThat(result).isEqualTo(UploadProcessor.Result.FAILED);
        assertThat(rows.outcomes.get(path).status()).isEqualTo(FileStatus.FAILED);
        assertThat(rows.outcomes.get(path).reason()).contains("UncheckedIOException");
    }

    @Test
    void process_blobGone_marksFailed() {
        String path = rows.pending("g.txt", "text/plain", 10);

        assertThat(processor.process(path, sink -> {
            throw new NotFoundException("The file's content is not in storage.");
        })).isEqualTo(UploadProcessor.Result.FAILED);
    }

    @Test
    void probe_keepsOnlyTheHead_butHashesEverything() throws Exception {
        byte[] big = new byte[1 << 20];
        new java.util.Random(1).nextBytes(big);
        ContentProbe probe = new ContentProbe(64 * 1024);

        chunked(big, null).downloadTo(probe);

        assertThat(probe.size()).isEqualTo(big.length);
        assertThat(probe.head()).hasSize(64 * 1024).isEqualTo(java.util.Arrays.copyOf(big, 64 * 1024));
        assertThat(probe.sha256Hex()).isEqualTo(sha256(big));
    }

    /** Writes {@code content} in uneven chunks, as a network download does. */
    private static BlobContent chunked(byte[] content, String etag) {
        return sink -> {
            try {
                int offset = 0;
                int chunk = 7;
                while (offset < content.length) {
                    int n = Math.min(chunk, content.length - offset);
                    sink.write(content, offset, n);
                    offset += n;
                    chunk = chunk * 3 + 1;
                }
                return etag;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The files table as processing sees it. */
    private static final class Rows implements ProcessingRepository {
        final Map<String, UploadRow> byPath = new HashMap<>();
        final Map<String, FileStatus> status = new HashMap<>();
        final Map<String, Outcome> outcomes = new HashMap<>();
        final List<String> orphans = new ArrayList<>();
        int finishes;

        String pending(String name, String type, long size) {
            FileId id = FileId.random();
            String path = "uploaded-files/t1/" + OWNER + "/" + id + "/" + name;
            byPath.put(path, new UploadRow(id, OWNER, name, type, size, path));
            status.put(path, FileStatus.PENDING);
            return path;
        }

        @Override
        public Claim claim(String blobPath, Instant now) {
            FileStatus current = status.get(blobPath);
            if (current == FileStatus.PENDING || current == FileStatus.PROCESSING) {
                status.put(blobPath, FileStatus.PROCESSING);
                return new Claim(Optional.of(byPath.get(blobPath)), Optional.of(FileStatus.PROCESSING));
            }
            return new Claim(Optional.empty(), Optional.ofNullable(current));
        }

        @Override
        public boolean finish(UploadRow row, Outcome outcome, Instant now) {
            if (status.get(row.blobPath()) != FileStatus.PROCESSING) {
                return false;
            }
            finishes++;
            status.put(row.blobPath(), outcome.status());
            outcomes.put(row.blobPath(), outcome);
            return true;
        }

        @Override
        public void recordOrphan(String blobPath, String etag, Instant now) {
            orphans.add(blobPath);
        }
    }

    /** Records moves; processing needs nothing else of the blob store. */
    private static final class Moves implements BlobStore {
        final List<String> moves = new ArrayList<>();

        @Override
        public boolean move(String name, String from, String to) {
            moves.add(name + " " + from + " -> " + to);
            return true;
        }

        @Override
        public SignedUrl writeUrl(BlobRef blob, Duration ttl) {
            throw new UnsupportedOperationException();
        }

        @Override
        public SignedUrl readUrl(BlobRef blob, Duration ttl, String downloadName, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void create(BlobRef blob, byte[] content, String contentType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] read(BlobRef blob, long offset, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long size(BlobRef blob) {
            throw new UnsupportedOperationException();
        }
    }
}
