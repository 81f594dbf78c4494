package com.aisaas.files;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/v1/files}: {@code cursor}, {@code limit} (1..{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}), {@code status} (default: every status but {@code deleted}), {@code contentType}
 * ({@code type/subtype} or {@code type/*}) and {@code name} (case-insensitive substring of the name). Other
 * query parameters are ignored.
 */
public record ListQuery(Optional<String> cursor, int limit, Optional<FileStatus> status,
                        Optional<String> contentType, Optional<String> name) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    static final int MAX_NAME_CHARS = 255;

    private static final Pattern TYPE_FILTER = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    public static ListQuery first() {
        return new ListQuery(Optional.empty(), DEFAULT_LIMIT, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Parses the query parameters; {@link InvalidFieldException} names the one at fault. */
    public static ListQuery parse(Map<String, String> params) {
        Optional<String> cursor = value(params, "cursor");
        int limit = DEFAULT_LIMIT;
        Optional<String> limitText = value(params, "limit");
        if (limitText.isPresent()) {
            if (!DIGITS.matcher(limitText.get()).matches()) {
                throw new InvalidFieldException("limit", "must be an integer between 1 and " + MAX_LIMIT);
            }
            limit = Integer.parseInt(limitText.get());
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new InvalidFieldException("limit", "must be an integer between 1 and " + MAX_LIMIT);
            }
        }
        Optional<FileStatus> status = value(params, "status").map(s -> FileStatus.parse("status", s));
        Optional<String> contentType = value(params, "contentType").map(t -> t.toLowerCase(Locale.ROOT));
        if (contentType.isPresent() && !TYPE_FILTER.matcher(contentType.get()).matches()) {
            throw new InvalidFieldException("contentType", "must be a media type (type/subtype) or type/*");
        }
        Optional<String> name = value(params, "name");
        if (name.isPresent() && (name.get().length() > MAX_NAME_CHARS || name.get().chars().anyMatch(Character::isISOControl))) {
            throw new InvalidFieldException("name", "must be at most " + MAX_NAME_CHARS
                    + " characters without control characters");
        }
        return new ListQuery(cursor, limit, status, contentType, name);
    }

    private static Optional<String> value(Map<String, String> params, String name) {
        String value = params == null ? null : params.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** What a cursor is bound to: the owner and the filters (not the limit, which may change between pages). */
    String binding(String scopeKey) {
        return scopeKey + "\n" + status.map(FileStatus::wire).orElse("") + "\n" + contentType.orElse("") + "\n"
                + name.map(n -> n.toLowerCase(Locale.ROOT)).orElse("");
    }

    /** The cache key of a first page (no cursor). */
    String firstPageKey() {
        return "list:" + limit + ":" + SafeNames.sha256Hex(binding("")).substring(0, 24);
    }
}
