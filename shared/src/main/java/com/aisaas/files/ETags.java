package com.aisaas.files;

/**
 * Entity tags of file metadata: the strong ETag {@code "<version>"}, where version is the row's optimistic
 * concurrency counter (every update of the row moves it, see V2__files_api.sql).
 *
 * <p>{@code If-Match} (PATCH, DELETE) uses the strong comparison of RFC 9110 §13.1.1: a weak tag never matches;
 * {@code *} matches any current file. {@code If-None-Match} (GET) uses the weak comparison (§13.1.2).
 */
public final class ETags {

    private ETags() {
    }

    public static String of(int version) {
        return "\"" + version + "\"";
    }

    /** Whether an {@code If-Match} header value lets a write to a resource with {@code etag} go ahead. */
    public static boolean ifMatch(String header, String etag) {
        return matches(header, etag, false);
    }

    /** Whether an {@code If-None-Match} header value names the current {@code etag} (then 304 for a GET). */
    public static boolean ifNoneMatch(String header, String etag) {
        return matches(header, etag, true);
    }

    private static boolean matches(String header, String etag, boolean weak) {
        if (header == null || header.isBlank()) {
            return false;
        }
        if (header.strip().equals("*")) {
            return true;
        }
        for (String candidate : split(header)) {
            boolean isWeak = candidate.startsWith("W/");
            String opaque = isWeak ? candidate.substring(2) : candidate;
            if (isWeak && !weak) {
                continue;
            }
            if (opaque.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The entity tags of a list header: quoted strings may contain commas, so split outside quotes only. */
    private static java.util.List<String> split(String header) {
        java.util.List<String> tags = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                tags.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        tags.add(current.toString().strip());
        tags.removeIf(String::isEmpty);
        return tags;
    }
}
