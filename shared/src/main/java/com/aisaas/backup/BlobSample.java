package com.aisaas.backup;

import com.aisaas.db.Database;
import com.aisaas.files.BlobPaths;
import com.aisaas.storage.BlobStorage;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.OutputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-hashes a random sample of stored blobs ({@code files} rows that are {@code ready} with a {@code sha256}, not in
 * the Archive tier, which cannot be read without rehydration) from Storage and compares with {@code files.sha256}.
 */
final class BlobSample {

    /** One sampled file and what Storage gave back. */
    record Sampled(String fileId, String blobPath, boolean missing, boolean matches, String detail) {
    }

    private final Database database;
    private final BlobServiceClient service;

    BlobSample(Database database, BlobServiceClient service) {
        this.database = Objects.requireNonNull(database, "database");
        this.service = Objects.requireNonNull(service, "service");
    }

    List<Sampled> check(int size) {
        if (size <= 0) {
            return List.of();
        }
        record Row(String id, String path, String sha256, Long size) {
        }
        List<Row> rows = database.readOnly(connection -> {
            List<Row> sample = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement("""
                    select id::text, blob_container || '/' || substr(blob_path, strpos(blob_path, '/') + 1),
                           sha256, size_bytes from files
                     where status = 'ready' and sha256 is not null
                       and lower(coalesce(access_tier, '')) <> 'archive'
                     order by random() limit ?""")) {
                statement.setInt(1, size);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        long bytes = rs.getLong(4);
                        sample.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.wasNull() ? null : bytes));
                    }
                }
            }
            return sample;
        });
        List<Sampled> results = new ArrayList<>();
        for (Row row : rows) {
            results.add(hash(row.id(), row.path(), row.sha256(), row.size()));
        }
        return results;
    }

    private Sampled hash(String id, String blobPath, String expectedSha, Long expectedSize) {
        String container = blobPath.substring(0, Math.max(0, blobPath.indexOf('/')));
        PartWriter.HashingOutputStream hashing = new PartWriter.HashingOutputStream(OutputStream.nullOutputStream());
        try {
            service.getBlobContainerClient(container).getBlobClient(BlobPaths.blobName(blobPath)).downloadStream(hashing);
        } catch (BlobStorageException e) {
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode()) || e.getStatusCode() == 404) {
                return new Sampled(id, blobPath, true, false, "file " + id + ": blob " + blobPath + " is missing");
            }
            throw BlobStorage.translate(e, "read " + blobPath);
        } catch (RuntimeException e) {
            throw BlobStorage.translate(e, "read " + blobPath);
        }
        String actual = hashing.hex();
        if (!actual.equals(expectedSha)) {
            return new Sampled(id, blobPath, false, false, "file " + id + ": blob " + blobPath + " SHA-256 is " + actual
                    + ", files.sha256 is " + expectedSha);
        }
        if (expectedSize != null && expectedSize != hashing.count()) {
            return new Sampled(id, blobPath, false, false, "file " + id + ": blob " + blobPath + " is "
                    + hashing.count() + " bytes, files.size_bytes is " + expectedSize);
        }
        return new Sampled(id, blobPath, false, true, "file " + id + " matches");
    }
}
