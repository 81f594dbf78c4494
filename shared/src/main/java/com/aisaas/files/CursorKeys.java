package com.aisaas.files;

import com.aisaas.config.FilesSettings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys that sign list cursors: the secret {@code files-cursor-key} (setting FILES_CURSOR_KEY; Key Vault in
 * Azure) signs new cursors, and during a rotation cursors signed with {@code files-cursor-key-previous} are still
 * accepted, so a client paging through a list when the key changes does not get a 400.
 */
public record CursorKeys(byte[] current, Optional<byte[]> previous) {

    /** Secret names (Key Vault style); their settings are FILES_CURSOR_KEY and FILES_CURSOR_KEY_PREVIOUS. */
    public static final String SECRET = "files-cursor-key";
    public static final String PREVIOUS_SECRET = "files-cursor-key-previous";
    /** Used only where no key is configured and APP_ENVIRONMENT is local; refused in azure. */
    public static final String LOCAL_SAMPLE = FilesSettings.LOCAL_SAMPLE_CURSOR_KEY;
    /** Shortest key accepted: the HMAC-SHA256 key should carry at least 256 bits. */
    public static final int MIN_BYTES = FilesSettings.MIN_CURSOR_KEY_BYTES;

    public CursorKeys {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(previous, "previous");
        if (current.length < MIN_BYTES || previous.map(p -> p.length < MIN_BYTES).orElse(false)) {
            throw new IllegalArgumentException("a cursor key needs at least " + MIN_BYTES + " bytes");
        }
    }

    public static CursorKeys of(String current, Optional<String> previous) {
        return new CursorKeys(current.getBytes(StandardCharsets.UTF_8),
                previous.map(p -> p.getBytes(StandardCharsets.UTF_8)));
    }

    /** The keys a cursor may be signed with, the current one first. */
    public List<byte[]> accepted() {
        List<byte[]> keys = new ArrayList<>(2);
        keys.add(current);
        previous.ifPresent(keys::add);
        return keys;
    }
}
