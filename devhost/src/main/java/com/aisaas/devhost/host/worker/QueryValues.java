package com.aisaas.devhost.host.worker;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Query-string encoding of a value for the URLs the host prints and posts to. */
public final class QueryValues {

    private QueryValues() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
