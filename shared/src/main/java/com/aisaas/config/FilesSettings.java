package com.aisaas.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files API's limits.
 *
 * @param allowedContentTypes UPLOAD_ALLOWED_CONTENT_TYPES: media types ({@code image/png}), whole types
 *        ({@code image/*}) or prefixes ending in {@code .*} ({@code application/vnd.openxmlformats-officedocument.*});
 *        by default formats without active content only: not HTML (scripts), RTF (embedded objects) or the legacy
 *        Office formats (macros), which search can extract once an operator allows them
 * @param maxUploadBytes UPLOAD_MAX_BYTES: the largest file an upload session may declare
 * @param directUploadMaxBytes DIRECT_UPLOAD_MAX_BYTES: the largest body {@code POST /api/v1/files} accepts (well
 *        under the host's 100 MB request limit; larger files go through an upload session)
 * @param uploadSasTtl UPLOAD_SAS_MINUTES: lifetime of an upload session's write-only SAS
 * @param downloadSasTtl DOWNLOAD_SAS_MINUTES: lifetime of a download's read-only SAS
 * @param inlineDownloadMaxBytes INLINE_DOWNLOAD_MAX_BYTES: files up to this size are streamed through the
 *        function for {@code ?inline=true}; larger ones are redirected to a SAS (0: always redirect)
 * @param restoreWindow FILES_RESTORE_WINDOW_DAYS: how long a soft-deleted file can be restored
 */
public record FilesSettings(
        List<String> allowedContentTypes,
        long maxUploadBytes,
        long directUploadMaxBytes,
        Duration uploadSasTtl,
        Duration downloadSasTtl,
        long inlineDownloadMaxBytes,
        Duration restoreWindow) {

    public static final String DEFAULT_ALLOWED_CONTENT_TYPES = "application/pdf,image/png,image/jpeg,image/gif,"
            + "image/webp,text/plain,text/markdown,text/csv,application/json,application/vnd.openxmlformats-officedocument.*";
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 5L * 1024 * 1024 * 1024;
    public static final long DEFAULT_DIRECT_UPLOAD_MAX_BYTES = 4L * 1024 * 1024;
    public static final long DEFAULT_INLINE_DOWNLOAD_MAX_BYTES = 4L * 1024 * 1024;
    /**
     * The list cursors' key used only where none is configured and APP_ENVIRONMENT is local; refused in azure by the
     * settings validation.
     */
    public static final String LOCAL_SAMPLE_CURSOR_KEY = "local-only-sample-cursor-key-never-use-in-azure";
    /** Shortest list cursor key accepted: the HMAC-SHA256 key should carry at least 256 bits. */
    public static final int MIN_CURSOR_KEY_BYTES = 32;
    /** Ceiling of DIRECT_UPLOAD_MAX_BYTES: the body is held in memory, and the host stops at 100 MB anyway. */
    static final long DIRECT_UPLOAD_CEILING = 64L * 1024 * 1024;
    /** Ceiling of UPLOAD_MAX_BYTES (4 TiB; a block blob can be larger, the product need not). */
    static final long UPLOAD_CEILING = 1L << 42;

    private static final Pattern TYPE_ENTRY = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]*/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]*?(\\.\\*)?)");

    public FilesSettings {
        allowedContentTypes = List.copyOf(allowedContentTypes);
    }

    /** The defaults (as if no setting were given). */
    public static FilesSettings defaults() {
        return read(new SettingsReader(java.util.Map.of()));
    }

    static FilesSettings read(SettingsReader r) {
        List<String> types = new ArrayList<>();
        String typeList = r.optional(Setting.UPLOAD_ALLOWED_CONTENT_TYPES).orElse(DEFAULT_ALLOWED_CONTENT_TYPES);
        for (String part : typeList.split(",")) {
            String entry = part.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (!TYPE_ENTRY.matcher(entry).matches()) {
                r.problem(Setting.UPLOAD_ALLOWED_CONTENT_TYPES + " has an entry that is not a media type, type/* or"
                        + " a prefix ending in .*: '" + entry + "'");
            } else {
                types.add(entry);
            }
        }
        if (types.isEmpty()) {
            r.problem(Setting.UPLOAD_ALLOWED_CONTENT_TYPES + " must list at least one media type");
        }
        long max = longValue(r, Setting.UPLOAD_MAX_BYTES, DEFAULT_MAX_UPLOAD_BYTES, 1, UPLOAD_CEILING);
        long direct = longValue(r, Setting.DIRECT_UPLOAD_MAX_BYTES, DEFAULT_DIRECT_UPLOAD_MAX_BYTES, 1,
                DIRECT_UPLOAD_CEILING);
        int uploadMinutes = r.integer(Setting.UPLOAD_SAS_MINUTES, 15, 1, 1440);
        int downloadMinutes = r.integer(Setting.DOWNLOAD_SAS_MINUTES, 5, 1, 1440);
        long inline = longValue(r, Setting.INLINE_DOWNLOAD_MAX_BYTES, DEFAULT_INLINE_DOWNLOAD_MAX_BYTES, 0,
                DIRECT_UPLOAD_CEILING);
        int restoreDays = r.integer(Setting.FILES_RESTORE_WINDOW_DAYS, 7, 0, 365);
        return new FilesSettings(types, max, direct, Duration.ofMinutes(uploadMinutes),
                Duration.ofMinutes(downloadMinutes), inline, Duration.ofDays(restoreDays));
    }

    private static long longValue(SettingsReader r, String name, long defaultValue, long min, long max) {
        Optional<String> value = r.optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        r.problem(name + " must be an integer between " + min + " and " + max + " (was '" + value.get() + "')");
        return defaultValue;
    }
}
