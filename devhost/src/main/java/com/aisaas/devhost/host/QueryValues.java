package com.aisaas.devhost.host;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query-string encoding of a value for the URLs the host prints and posts to. */
final class QueryValues {

    private QueryValues() {
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
