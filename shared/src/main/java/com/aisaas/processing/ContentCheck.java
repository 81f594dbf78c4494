package com.aisaas.processing;

import com.aisaas.files.UploadPolicy;
import java.util.Locale;
import java.util.Objects;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

/**
 * Decides what an uploaded blob is, from its content only (Apache Tika's magic and text detection over the first
 * bytes — never the file name, which the uploader chose), and whether it may become {@code ready}:
 * <ul>
 *   <li>the measured size must equal the declared size;</li>
 *   <li>the detected type must be the declared type, or a more general type of it that content alone cannot tell
 *       apart (declared {@code text/csv} or {@code application/json}, detected {@code text/plain}; declared an
 *       OOXML document, detected {@code application/zip}) — then the declared, more specific type is kept;</li>
 *   <li>{@code application/octet-stream} (nothing recognised) passes only for a declared type that has no magic
 *       signature Tika knows: a real PNG, JPEG, GIF, WebP or PDF is always recognised, so an unrecognised one is
 *       not what it claims to be;</li>
 *   <li>the resulting type must be allowed by the {@link UploadPolicy}.</li>
 * </ul>
 */
final class ContentCheck {

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

    private final Tika tika = new Tika();
    private final UploadPolicy policy;

    ContentCheck(UploadPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The media type of {@code head} (the blob's first bytes), lower case without parameters. */
    String detect(byte[] head) {
        return base(tika.detect(head));
    }

    /** The verdict on a blob of {@code size} bytes whose content was detected as {@code detectedType}. */
    Verdict decide(String declaredType, long declaredSize, String detectedType, long size) {
        String declared = base(declaredType);
        String detected = base(detectedType);
        if (size != declaredSize) {
            return Verdict.rejected(detected, "size " + size + " bytes differs from the declared " + declaredSize
                    + " bytes");
        }
        String effective;
        if (detected.equals(declared)) {
            effective = declared;
        } else if (MediaType.OCTET_STREAM.toString().equals(detected)) {
            if (hasSignature(declared)) {
                return Verdict.rejected(detected, "content is not recognisable as the declared " + declared);
            }
            effective = declared;
        } else if (REGISTRY.isSpecializationOf(MediaType.parse(declared), MediaType.parse(detected))) {
            effective = declared;
        } else {
            return Verdict.rejected(detected, "content is " + detected + ", not the declared " + declared);
        }
        if (!policy.allows(effective)) {
            return Verdict.rejected(detected, "type " + effective + " is not allowed");
        }
        return Verdict.ready(effective);
    }

    private static boolean hasSignature(String type) {
        try {
            return TYPES.forName(type).hasMagic();
        } catch (MimeTypeException e) {
            return false;
        }
    }

    private static String base(String type) {
        MediaType parsed = type == null ? null : MediaType.parse(type);
        return parsed == null ? MediaType.OCTET_STREAM.toString()
                : parsed.getBaseType().toString().toLowerCase(Locale.ROOT);
    }

    /**
     * @param detectedType the type to store: the effective type when ready, what the content really is when rejected
     * @param reason why it was rejected; null when ready
     */
    record Verdict(boolean ready, String detectedType, String reason) {
        static Verdict ready(String type) {
            return new Verdict(true, type, null);
        }

        static Verdict rejected(String detected, String reason) {
            return new Verdict(false, detected, reason);
        }
    }
}
