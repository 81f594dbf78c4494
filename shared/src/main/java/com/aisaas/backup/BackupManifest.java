package com.aisaas.backup;

import com.aisaas.common.Json;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one backup holds, written last as {@code backups/<runId>/manifest.json}: the Flyway schema version of the
 * snapshot, and per table its columns, row count, content checksum and parts (name, rows, size and SHA-256 of the
 * stored, compressed bytes). A backup without a manifest is incomplete.
 *
 * <p>Parts are PostgreSQL {@code COPY} text format (what {@code COPY ... TO STDOUT} writes and {@code psql \copy}
 * reads: one row per line, tab-separated, {@code \N} for null, UTF-8), gzip-compressed. The content checksum is
 * {@link ContentChecksum}'s over the rows as COPY writes them with {@link PgCopy}'s session settings, so a restored
 * copy can be compared by copying it out again.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupManifest(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("runId") String runId,
        @JsonProperty("format") String format,
        @JsonProperty("compression") String compression,
        @JsonProperty("checksum") String checksum,
        @JsonProperty("schemaVersion") String schemaVersion,
        @JsonProperty("serverVersion") String serverVersion,
        @JsonProperty("startedAt") Instant startedAt,
        @JsonProperty("finishedAt") Instant finishedAt,
        @JsonProperty("tables") List<Table> tables) {

    public static final int FORMAT_VERSION = 1;
    public static final String FORMAT = "postgresql-copy-text";
    public static final String COMPRESSION = "gzip";
    public static final String FILE_NAME = "manifest.json";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectWriter WRITER = Json.mapper().writerWithDefaultPrettyPrinter();

    public BackupManifest {
        tables = tables == null ? null : List.copyOf(tables);
    }

    /** One table: its columns in COPY order, row count, content checksum, and its parts in restore order. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Table(
            @JsonProperty("name") String name,
            @JsonProperty("columns") List<String> columns,
            @JsonProperty("rows") long rows,
            @JsonProperty("contentChecksum") String contentChecksum,
            @JsonProperty("parts") List<Part> parts) {

        public Table {
            columns = columns == null ? null : List.copyOf(columns);
            parts = parts == null ? null : List.copyOf(parts);
        }
    }

    /**
     * One stored part: {@code name} inside the backup's folder, its rows, its size before and after compression,
     * and the SHA-256 (hex) of the stored bytes.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Part(
            @JsonProperty("name") String name,
            @JsonProperty("rows") long rows,
            @JsonProperty("uncompressedBytes") long uncompressedBytes,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("sha256") String sha256) {
    }

    /** {@code <table>.<n>.copy.gz}, n from 1, four digits or more. */
    public static String partName(String table, int number) {
        return String.format(java.util.Locale.ROOT, "%s.%04d.copy.gz", table, number);
    }

    public BackupRunId id() {
        return new BackupRunId(runId);
    }

    public long totalRows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    public long totalBytes() {
        return tables.stream().flatMap(t -> t.parts().stream()).mapToLong(Part::bytes).sum();
    }

    public java.util.Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The manifest as UTF-8 JSON. */
    public byte[] toJson() {
        try {
            return WRITER.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the backup manifest", e);
        }
    }

    /**
     * Parses and checks a manifest: a known format version, well-formed names (no path can leave the backup's
     * folder), SHA-256 in hex, and part rows adding up to the table's rows.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static BackupManifest parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        BackupManifest manifest;
        try {
            manifest = Json.mapper().readValue(json, BackupManifest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest cannot be read: " + e.getMessage(), e);
        }
        if (manifest == null) {
            throw new IllegalArgumentException("manifest is empty");
        }
        manifest.check();
        return manifest;
    }

    private void check() {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("manifest format version " + formatVersion + " is not supported (expected "
                    + FORMAT_VERSION + ")");
        }
        require(runId != null && BackupRunId.tryParse(runId).isPresent(), "manifest runId is missing or malformed");
        require(FORMAT.equals(format), "manifest format '" + format + "' is not " + FORMAT);
        require(COMPRESSION.equals(compression), "manifest compression '" + compression + "' is not " + COMPRESSION);
        require(ContentChecksum.ALGORITHM.equals(checksum),
                "manifest checksum '" + checksum + "' is not " + ContentChecksum.ALGORITHM);
        require(schemaVersion != null && !schemaVersion.isBlank(), "manifest schemaVersion is missing");
        require(startedAt != null && finishedAt != null && !finishedAt.isBefore(startedAt),
                "manifest startedAt/finishedAt are missing or out of order");
        require(tables != null && !tables.isEmpty(), "manifest lists no tables");
        Set<String> names = new HashSet<>();
        for (Table table : tables) {
            require(table != null && table.name() != null && IDENTIFIER.matcher(table.name()).matches(),
                    "manifest has a malformed table name");
            require(names.add(table.name()), "manifest lists table " + table.name() + " twice");
            require(table.columns() != null && !table.columns().isEmpty()
                            && table.columns().stream().allMatch(c -> c != null && IDENTIFIER.matcher(c).matches()),
                    "manifest table " + table.name() + " has missing or malformed columns");
            require(table.rows() >= 0, "manifest table " + table.name() + " has a negative row count");
            require(table.contentChecksum() != null && ContentChecksum.FORMAT.matcher(table.contentChecksum()).matches(),
                    "manifest table " + table.name() + " has a malformed content checksum");
            require(table.parts() != null && !table.parts().isEmpty(), "manifest table " + table.name() + " has no parts");
            long rows = 0;
            for (int i = 0; i < table.parts().size(); i++) {
                Part part = table.parts().get(i);
                String expected = partName(table.name(), i + 1);
                require(part != null && expected.equals(part.name()),
                        "manifest table " + table.name() + " part " + (i + 1) + " should be named " + expected);
                require(part.rows() >= 0 && part.bytes() >= 0 && part.uncompressedBytes() >= 0,
                        "manifest part " + part.name() + " has a negative count");
                require(part.sha256() != null && SHA256.matcher(part.sha256()).matches(),
                        "manifest part " + part.name() + " has a malformed sha256");
                rows += part.rows();
            }
            require(rows == table.rows(), "manifest table " + table.name() + " says " + table.rows()
                    + " rows but its parts add up to " + rows);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
