package com.aisaas.storage;

import java.nio.charset.StandardCharsets;

/**
 * {@code Content-Disposition} values for a file name (RFC 6266): an ASCII fallback {@code filename} (non-ASCII,
 * quotes, backslashes and control characters become {@code _}) and the exact name as RFC 8187 {@code filename*}.
 */
public final class ContentDisposition {

    private ContentDisposition() {
    }

    public static String attachment(String name) {
        return "attachment" + parameters(name);
    }

    public static String inline(String name) {
        return "inline" + parameters(name);
    }

    private static String parameters(String name) {
        StringBuilder ascii = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            ascii.append(c < 0x20 || c > 0x7e || c == '"' || c == '\\' ? '_' : c);
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int v = b & 0xff;
            boolean attrChar = (v >= 'a' && v <= 'z') || (v >= 'A' && v <= 'Z') || (v >= '0' && v <= '9')
                    || "!#$&+-.^_`|~".indexOf(v) >= 0;
            if (attrChar) {
                encoded.append((char) v);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(v >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(v & 0xf, 16)));
            }
        }
        return "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
