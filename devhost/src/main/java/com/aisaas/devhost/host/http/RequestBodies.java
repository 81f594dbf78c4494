package com.aisaas.devhost.host.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Body typing of the host (docs/functions-host.md §1.4, PopulateBody): {@code application/octet-stream} and every media
 * type that contains {@code multipart/} is binary; everything else (JSON, text, images, no Content-Type) is a UTF-8
 * string.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static Object typed(byte[] bytes, String contentType) {
        return isBinary(contentType) ? bytes : new String(bytes, StandardCharsets.UTF_8);
    }

    static boolean isBinary(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/octet-stream") || mediaType.contains("multipart/");
    }
}
