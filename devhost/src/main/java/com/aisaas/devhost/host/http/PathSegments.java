package com.aisaas.devhost.host.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a raw (still percent-encoded) request path into decoded segments. Splitting happens before decoding, so an
 * encoded {@code %2F} stays inside its segment, as in ASP.NET Core. One trailing slash is ignored.
 */
final class PathSegments {

    private PathSegments() {
    }

    static List<String> split(String rawPath) {
        List<String> segments = new ArrayList<>(8);
        if (rawPath == null || rawPath.isEmpty()) {
            return segments;
        }
        int start = rawPath.charAt(0) == '/' ? 1 : 0;
        int end = rawPath.length();
        if (end > start && rawPath.charAt(end - 1) == '/') {
            end--;
        }
        if (start >= end) {
            return segments;
        }
        int from = start;
        for (int i = start; i <= end; i++) {
            if (i == end || rawPath.charAt(i) == '/') {
                segments.add(decode(rawPath, from, i));
                from = i + 1;
            }
        }
        return segments;
    }

    /** Percent-decodes UTF-8; malformed escapes are kept as they are. {@code +} stays a plus in paths. */
    static String decode(String text, int from, int to) {
        int percent = text.indexOf('%', from);
        if (percent < 0 || percent >= to) {
            return text.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            int high = c == '%' && i + 2 < to ? Character.digit(text.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                pending.write((high << 4) | low);
                i += 3;
                continue;
            }
            if (pending.size() > 0) {
                out.append(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
            out.append(c);
            i++;
        }
        if (pending.size() > 0) {
            out.append(pending.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
