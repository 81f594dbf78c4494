package com.aisaas.devhost.host.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query as the Java worker sees it (docs/functions-host.md §1): names grouped case-insensitively (ASP.NET's query collection),
 * the first spelling kept; values of a repeated name comma-joined; a name whose joined value is empty is omitted.
 * {@code +} decodes to a space.
 */
public final class QueryString {

    private QueryString() {
    }

    static Map<String, String> parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> joined = new LinkedHashMap<>();
        Map<String, String> spelling = new HashMap<>();
        int start = 0;
        int length = rawQuery.length();
        while (start <= length) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? length : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                String name = decode(rawQuery.substring(start, eq < 0 || eq > end ? end : eq));
                String value = eq < 0 || eq > end ? "" : decode(rawQuery.substring(eq + 1, end));
                if (!name.isEmpty()) {
                    String key = spelling.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> name);
                    joined.merge(key, value, (a, b) -> a + "," + b);
                }
            }
            if (amp < 0) {
                break;
            }
            start = amp + 1;
        }
        joined.values().removeIf(String::isEmpty);
        return joined;
    }

    /** The value of {@code name}, matched case-insensitively, or null. */
    public static String get(Map<String, String> query, String name) {
        String exact = query.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> entry : query.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String decode(String text) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }
}
