package com.aisaas.search;

import com.aisaas.db.Database;
import com.aisaas.files.BlobPaths;
import com.aisaas.storage.BlobStore;
import com.aisaas.storage.BlobStore.BlobRef;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Indexes the files that became ready before search existed (or while extraction was turned off): every
 * {@code ready} file without a {@code file_texts} row, in batches of the oldest first, across tenants (the
 * maintenance role), and every ready file whose search row processing left {@code pending} (the process stopped
 * between the verdict and storing the text, or the database was unreachable then). Idempotent and resumable: what
 * is done is exactly the final rows that exist, so a crashed or stopped run is continued by the next one, and two
 * runs at once only do some downloads twice (a row is written under a lock on its file, and only while the file is
 * still ready and has no final row; when processing's own completion of a pending row comes first, the backfill
 * finds the file done, and when the backfill comes first, processing's completion finds the row no longer pending
 * — both index the same blob). A blob that cannot be read gets a {@code failed} row, so it is
 * not tried forever; its name and tags are indexed.
 *
 * <p>The timer and the operator endpoint run it through {@code maintenance.SearchBackfillRuns}, which reports each
 * run that finds work in {@code maintenance_runs}.
 */
public final class SearchBackfill {

    /** The {@code JobLock} name: the operator endpoint and the timer never run at once. */
    public static final String JOB = "search-backfill";

    private static final Logger log = LoggerFactory.getLogger(SearchBackfill.class);
    /** A ready file {@code f} still to index: no search row, or one whose text never arrived. */
    private static final String UNINDEXED = "not exists (select 1 from file_texts t where t.file_id = f.id"
            + " and t.status <> 'pending')";

    private final Database maintenance;
    private final BlobStore blobs;
    private final TextExtractor extractor;
    private final Clock clock;

    public SearchBackfill(Database maintenance, BlobStore blobs, TextExtractor extractor, Clock clock) {
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one run did and what is left.
     *
     * @param indexed           files whose text was indexed
     * @param withoutText       files indexed by name and tags only (no text, skipped or failed extraction)
     * @param remaining         ready files still without a final search row after this run
     * @param filesPerSecond    this run's rate
     * @param estimatedSecondsRemaining at this rate, the time the remaining files take (null when nothing was done)
     */
    public record Report(int indexed, int withoutText, long remaining, double filesPerSecond,
                         Long estimatedSecondsRemaining, boolean complete) {
    }

    /** Told of each file the backfill indexes, as it goes: with its text, or by name and tags only. */
    @FunctionalInterface
    public interface Progress {
        void indexed(boolean withText);
    }

    /** Indexes batches of {@code batchSize} until none is left or {@code budget} has passed. */
    public Report run(int batchSize, Duration budget) {
        return run(batchSize, budget, withText -> { });
    }

    /**
     * Indexes batches of {@code batchSize} until none is left or {@code budget} has passed, telling {@code progress}
     * of each file as it is indexed.
     *
     * @throws com.aisaas.common.DependencyException when PostgreSQL fails
     */
    public Report run(int batchSize, Duration budget, Progress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        Instant started = clock.instant();
        return work(batchSize, started, started.plus(budget), progress);
    }

    private Report work(int batchSize, Instant started, Instant deadline, Progress progress) {
        int indexed = 0;
        int withoutText = 0;
        List<Candidate> batch;
        do {
            batch = nextBatch(batchSize);
            for (Candidate candidate : batch) {
                ExtractedText text = extract(candidate);
                Boolean written = write(candidate, text);
                if (written == null) {
                    continue; // processing or another run got there first
                }
                if (written) {
                    indexed++;
                    progress.indexed(true);
                } else {
                    withoutText++;
                    progress.indexed(false);
                }
                if (!clock.instant().isBefore(deadline)) {
                    break;
                }
            }
        } while (batch.size() == batchSize && clock.instant().isBefore(deadline));
        long remaining = remaining();
        double seconds = Math.max(0.001, Duration.between(started, clock.instant()).toMillis() / 1000.0);
        int done = indexed + withoutText;
        double rate = done / seconds;
        Long eta = done == 0 ? null : (long) Math.ceil(remaining / rate);
        log.info("search backfill: {} indexed, {} without text, {} remaining ({} files/s)", indexed, withoutText,
                remaining, String.format("%.1f", rate));
        return new Report(indexed, withoutText, remaining, rate, eta, remaining == 0);
    }

    /** @param blobPath where the ready file's blob lives ({@code files} or {@code uploaded-files}) */
    private record Candidate(UUID id, String blobPath, String contentType) {
    }

    private List<Candidate> nextBatch(int size) {
        return maintenance.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select f.id, f.blob_container || '/' || substr(f.blob_path, strpos(f.blob_path, '/') + 1),"
                    + " coalesce(f.detected_content_type, f.declared_content_type) from files f"
                    + " where f.status = 'ready' and " + UNINDEXED
                    + " order by f.processed_at nulls first, f.id limit ?")) {
                statement.setInt(1, size);
                List<Candidate> batch = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        batch.add(new Candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)));
                    }
                }
                return batch;
            }
        });
    }

    private ExtractedText extract(Candidate candidate) {
        if (!extractor.wants(candidate.contentType())) {
            return extractor.extract(candidate.contentType(), null, true);
        }
        Capture capture = new Capture(extractor.maxBytes());
        try {
            String path = candidate.blobPath();
            blobs.content(new BlobRef(path.substring(0, path.indexOf('/')), BlobPaths.blobName(path)))
                    .downloadTo(capture);
        } catch (RuntimeException e) {
            log.debug("file {}: blob not read for the search backfill: {}", candidate.id(), e.toString());
            return ExtractedText.failed("the blob could not be read: " + e.getClass().getSimpleName());
        }
        return extractor.extract(candidate.contentType(), capture.bytes(), capture.complete());
    }

    /** True: text indexed; false: name and tags only; null: nothing written (not ready or already indexed). */
    private Boolean write(Candidate candidate, ExtractedText text) {
        return maintenance.inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("select 1 from files f where f.id = ?"
                    + " and f.status = 'ready' and " + UNINDEXED + " for update of f")) {
                lock.setObject(1, candidate.id());
                try (ResultSet rs = lock.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                }
            }
            // the backfill is not on anyone's path to a verdict: the vector in the same transaction
            return FileTexts.write(connection, candidate.id(), text)
                    && FileTexts.complete(connection, candidate.id(), text) == FileTexts.Completion.INDEXED;
        });
    }

    /** The ready files that have no search row yet, or only a pending one. */
    public long remaining() {
        return maintenance.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select count(*) from files f"
                    + " where f.status = 'ready' and " + UNINDEXED);
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Keeps the first {@code limit} bytes of a download and counts the rest. */
    private static final class Capture extends OutputStream {
        private final int limit;
        private byte[] bytes = new byte[8192];
        private int length;
        private long total;

        Capture(int limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] data, int offset, int count) {
            total += count;
            int copied = Math.min(count, limit - length);
            if (copied > 0) {
                if (length + copied > bytes.length) {
                    bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(2L * bytes.length, length + copied)));
                }
                System.arraycopy(data, offset, bytes, length, copied);
                length += copied;
            }
        }

        byte[] bytes() {
            return Arrays.copyOf(bytes, length);
        }

        boolean complete() {
            return total <= limit;
        }
    }
}
