package com.aisaas.files;

import com.aisaas.common.PayloadTooLargeException;
import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.config.FilesSettings;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What may be uploaded: allowed content types (415), sizes (413; 400 when not positive) and names
 * ({@link FileNames}, 400). Checked before anything is stored, for upload sessions and direct uploads alike;
 * the processing of the stored blob checks the real content against the same policy.
 */
public final class UploadPolicy {

    private static final Pattern MEDIA_TYPE = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private final List<String> allowedTypes;
    private final long maxBytes;
    private final long directMaxBytes;

    public UploadPolicy(List<String> allowedTypes, long maxBytes, long directMaxBytes) {
        this.allowedTypes = List.copyOf(allowedTypes);
        if (maxBytes < 1 || directMaxBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxBytes = maxBytes;
        this.directMaxBytes = directMaxBytes;
    }

    public static UploadPolicy from(FilesSettings settings) {
        return new UploadPolicy(settings.allowedContentTypes(), settings.maxUploadBytes(),
                settings.directUploadMaxBytes());
    }

    public long maxBytes() {
        return maxBytes;
    }

    public long directMaxBytes() {
        return directMaxBytes;
    }

    public List<String> allowedTypes() {
        return allowedTypes;
    }

    /** The normalised name ({@link FileNames#validate}). */
    public String name(String field, String name) {
        return FileNames.validate(field, name);
    }

    /**
     * The media type of {@code contentType} in lower case without parameters, if allowed.
     *
     * @throws InvalidFieldException when it is missing or not a media type
     * @throws UnsupportedMediaTypeException when it is not one of the allowed types
     */
    public String contentType(String field, String contentType) {
        String mediaType = mediaType(contentType);
        if (mediaType == null) {
            throw new InvalidFieldException(field, "a media type such as application/pdf is required");
        }
        if (!MEDIA_TYPE.matcher(mediaType).matches()) {
            throw new InvalidFieldException(field, "not a media type (type/subtype)");
        }
        if (!allowed(mediaType)) {
            throw new UnsupportedMediaTypeException("Files of type " + mediaType + " are not accepted; allowed: "
                    + String.join(", ", allowedTypes) + ".");
        }
        return mediaType;
    }

    /** The declared size of an upload session: 1..UPLOAD_MAX_BYTES. */
    public long sessionSize(String field, long size) {
        if (size < 1) {
            throw new InvalidFieldException(field, "must be at least 1 byte");
        }
        if (size > maxBytes) {
            throw new PayloadTooLargeException("The file is " + size + " bytes; the limit is " + maxBytes + " bytes.");
        }
        return size;
    }

    /** The size of a body sent through {@code POST /api/v1/files}: 1..DIRECT_UPLOAD_MAX_BYTES (and the session limit). */
    public long directSize(long size) {
        if (size < 1) {
            throw new InvalidFieldException("body", "the file is empty");
        }
        long limit = Math.min(maxBytes, directMaxBytes);
        if (size > limit) {
            throw new PayloadTooLargeException("The body is " + size + " bytes; direct uploads take at most " + limit
                    + " bytes. Use POST /api/v1/files/uploads for larger files.");
        }
        return size;
    }

    /** Whether {@code mediaType} (lower case, no parameters) is one of the allowed types. */
    public boolean allows(String mediaType) {
        return mediaType != null && allowed(mediaType);
    }

    boolean allowed(String mediaType) {
        for (String entry : allowedTypes) {
            if (entry.endsWith("/*")) {
                if (mediaType.startsWith(entry.substring(0, entry.length() - 1))) {
                    return true;
                }
            } else if (entry.endsWith(".*")) {
                String prefix = entry.substring(0, entry.length() - 1);
                if (mediaType.startsWith(prefix) && mediaType.length() > prefix.length()) {
                    return true;
                }
            } else if (entry.equals(mediaType)) {
                return true;
            }
        }
        return false;
    }

    /** {@code "Text/Plain; charset=utf-8"} → {@code "text/plain"}; null for null or blank. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    @Override
    public String toString() {
        return "UploadPolicy[types=" + allowedTypes + ", max=" + maxBytes + ", direct=" + directMaxBytes + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UploadPolicy p && p.allowedTypes.equals(allowedTypes) && p.maxBytes == maxBytes
                && p.directMaxBytes == directMaxBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowedTypes, maxBytes, directMaxBytes);
    }
}
