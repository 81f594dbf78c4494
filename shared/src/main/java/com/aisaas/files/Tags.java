package com.aisaas.files;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * User tags of a file: at most {@value #MAX_TAGS} pairs; keys of 1..{@value #MAX_KEY_CHARS} characters from
 * {@code [A-Za-z0-9_.:-]}; values of at most {@value #MAX_VALUE_CHARS} characters without control characters.
 */
public final class Tags {

    public static final int MAX_TAGS = 20;
    public static final int MAX_KEY_CHARS = 64;
    public static final int MAX_VALUE_CHARS = 256;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_KEY_CHARS + "}");

    private Tags() {
    }

    /** The tags, checked; {@link InvalidFieldException} naming {@code field} or {@code field.key}. */
    public static Map<String, String> validate(String field, Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidFieldException(field, "at most " + MAX_TAGS + " tags");
        }
        Map<String, String> checked = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            if (key == null || !KEY.matcher(key).matches()) {
                throw new InvalidFieldException(field, "tag keys are 1-" + MAX_KEY_CHARS
                        + " characters of letters, digits, '_', '.', ':' and '-'");
            }
            String value = tag.getValue();
            if (value == null) {
                throw new InvalidFieldException(field + "." + key, "must be a string");
            }
            if (value.length() > MAX_VALUE_CHARS || value.codePoints().anyMatch(Character::isISOControl)) {
                throw new InvalidFieldException(field + "." + key, "must be at most " + MAX_VALUE_CHARS
                        + " characters without control characters");
            }
            checked.put(key, value);
        }
        return checked;
    }
}
