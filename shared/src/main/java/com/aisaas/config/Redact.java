package com.aisaas.config;

import java.util.regex.Pattern;

/** Removes secrets from URLs and connection strings before they reach a log line or a toString. */
public final class Redact {

    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@?#]*@");
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)((?:password|pwd|accountkey|sharedaccesssignature|sig|secret|token)=)[^;&]*");

    private Redact() {
    }

    /** {@code redis://:pw@host:6379} → {@code redis://***@host:6379}; {@code ?password=x} → {@code ?password=***}. */
    public static String url(String value) {
        if (value == null) {
            return null;
        }
        String withoutUser = USER_INFO.matcher(value).replaceFirst("***@");
        return SECRET_PARAM.matcher(withoutUser).replaceAll("$1***");
    }
}
