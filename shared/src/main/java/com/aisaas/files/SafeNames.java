package com.aisaas.files;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Blob path segments made from untrusted text: the display name of a file, the tenant and owner ids from a token.
 *
 * <p>A segment holds only {@code [A-Za-z0-9._-]}: letters are folded to ASCII where Unicode says how (é → e), every
 * other run of characters becomes one {@code _}, and dots cannot lead, trail or repeat, so a segment is never
 * {@code .}, {@code ..} or empty, and never contains a separator, whatever the input. Names keep their extension.
 * An id segment that had to change gets a short hash of the original, so two different ids never share a
 * prefix in the container.
 */
public final class SafeNames {

    static final int MAX_NAME_CHARS = 100;
    static final int MAX_EXTENSION_CHARS = 16;
    static final int MAX_ID_CHARS = 64;

    private SafeNames() {
    }

    /** The last segment of a blob path for a file called {@code displayName}. */
    public static String fileName(String displayName) {
        String clean = clean(displayName == null ? "" : displayName);
        if (clean.isEmpty()) {
            return "file";
        }
        int dot = clean.lastIndexOf('.');
        String base = dot > 0 ? clean.substring(0, dot) : clean;
        String extension = dot > 0 ? clean.substring(dot + 1) : "";
        if (extension.length() > MAX_EXTENSION_CHARS) {
            base = clean;
            extension = "";
        }
        int room = MAX_NAME_CHARS - (extension.isEmpty() ? 0 : extension.length() + 1);
        if (base.length() > room) {
            base = trimEdges(base.substring(0, room));
        }
        if (base.isEmpty()) {
            base = "file";
        }
        return extension.isEmpty() ? base : base + "." + extension;
    }

    /** A path segment for an identifier (tenant, owner): unchanged when already safe, else cleaned plus a hash. */
    public static String idSegment(String id) {
        String value = id == null ? "" : id;
        String clean = clean(value);
        if (clean.equals(value) && !clean.isEmpty() && clean.length() <= MAX_ID_CHARS) {
            return clean;
        }
        if (clean.length() > MAX_ID_CHARS) {
            clean = trimEdges(clean.substring(0, MAX_ID_CHARS));
        }
        String hash = sha256Hex(value).substring(0, 12);
        return clean.isEmpty() ? "x-" + hash : clean + "-" + hash;
    }

    private static String clean(String input) {
        String ascii = Normalizer.normalize(input, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        StringBuilder out = new StringBuilder(ascii.length());
        boolean underscore = false;
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (keep) {
                if (c == '.' && out.length() > 0 && out.charAt(out.length() - 1) == '.') {
                    continue;
                }
                out.append(c);
                underscore = c == '_';
            } else if (!underscore) {
                out.append('_');
                underscore = true;
            }
        }
        return trimEdges(out.toString());
    }

    private static String trimEdges(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) == '.' || s.charAt(start) == '_')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '_')) {
            end--;
        }
        return s.substring(start, end);
    }

    static String sha256Hex(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
