package com.aisaas.files;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One byte range of a {@code Range} request header (RFC 9110 §14), resolved against the file's size.
 *
 * <p>{@link #parse}: no header, another unit, several ranges or a syntactically invalid header are ignored (the
 * whole file is sent with 200, as §14.2 allows); a single satisfiable range is clamped to the file; a range that
 * starts at or beyond the end (or a zero-length suffix) is {@link RangeNotSatisfiableException} (416).
 */
public record ByteRange(long first, long last, long size) {

    private static final Pattern SINGLE = Pattern.compile("bytes[ \\t]*=[ \\t]*(\\d{0,18})[ \\t]*-[ \\t]*(\\d{0,18})[ \\t]*",
            Pattern.CASE_INSENSITIVE);

    public long length() {
        return last - first + 1;
    }

    /** {@code bytes first-last/size} for {@code Content-Range}. */
    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + size;
    }

    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String a = m.group(1);
        String b = m.group(2);
        if (a.isEmpty() && b.isEmpty()) {
            return Optional.empty();
        }
        if (a.isEmpty()) {
            long suffix = Long.parseLong(b);
            if (suffix == 0 || size == 0) {
                throw new RangeNotSatisfiableException(size);
            }
            long first = Math.max(0, size - suffix);
            return Optional.of(new ByteRange(first, size - 1, size));
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
        if (last < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw new RangeNotSatisfiableException(size);
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1), size));
    }
}
