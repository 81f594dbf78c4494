package com.aisaas.files;

import com.aisaas.common.NotFoundException;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of a file: a UUID, written in its canonical lower-case form.
 *
 * <p>{@link #parse} answers a malformed id with 404, exactly as for an id that does not exist or belongs to
 * someone else: a client probing ids learns nothing from the difference, and for the client an id that is
 * not an id names no file.
 */
public record FileId(UUID value) {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    public FileId {
        Objects.requireNonNull(value, "value");
    }

    public static FileId random() {
        return new FileId(UUID.randomUUID());
    }

    /** The id in {@code text} (canonical 8-4-4-4-12 hex form only); {@link NotFoundException} otherwise. */
    public static FileId parse(String text) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw notFound();
        }
        return new FileId(UUID.fromString(text));
    }

    static NotFoundException notFound() {
        return new NotFoundException("No file with this id.");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
