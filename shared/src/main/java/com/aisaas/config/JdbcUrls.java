package com.aisaas.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Reads query parameters of a {@code jdbc:postgresql://} URL. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    public static Optional<String> parameter(String jdbcUrl, String name) {
        int q = jdbcUrl.indexOf('?');
        if (q < 0) {
            return Optional.empty();
        }
        for (String pair : jdbcUrl.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
