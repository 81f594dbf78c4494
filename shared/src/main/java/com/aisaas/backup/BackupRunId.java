package com.aisaas.backup;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of one backup export: its start time (UTC, to the millisecond) and a random suffix, e.g.
 * {@code 20261121T020000123Z-3f9a1c}. Ids sort by time as strings; they name the folder of the backup in the
 * {@code backups} container, so a backup can be found without the database (after a restore, say).
 */
public record BackupRunId(String value) implements Comparable<BackupRunId> {

    private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{6}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BackupRunId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a backup run id (yyyyMMddTHHmmssSSSZ-xxxxxx): '" + value + "'");
        }
        try {
            TIME.parse(value.substring(0, 19));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a backup run id (bad time): '" + value + "'", e);
        }
    }

    /** A new id for an export starting at {@code now}. */
    public static BackupRunId next(Instant now) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        return new BackupRunId(TIME.format(now) + "-" + HexFormat.of().formatHex(suffix));
    }

    /** The id, or empty when {@code value} is not one (e.g. a foreign folder in the container). */
    public static java.util.Optional<BackupRunId> tryParse(String value) {
        try {
            return java.util.Optional.of(new BackupRunId(value));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /** When the export started (to the millisecond). */
    public Instant startedAt() {
        return Instant.from(TIME.parse(value.substring(0, 19)));
    }

    /** A PostgreSQL identifier made of this id, e.g. {@code backup_verify_20261121t020000123z_3f9a1c}. */
    public String identifier(String prefix) {
        return prefix + value.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public int compareTo(BackupRunId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
