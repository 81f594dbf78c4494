package com.aisaas.search;

import com.aisaas.files.FileStatus;
import com.aisaas.files.InvalidFieldException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The query of {@code GET /api/v1/search}.
 *
 * <ul>
 *   <li>{@code q}: web-search syntax (PostgreSQL's {@code websearch_to_tsquery}): words (all must occur, in any
 *       form of the same stem), {@code "quoted phrases"}, {@code or}, {@code -excluded}; 1..{@value #MAX_Q_CHARS}
 *       characters with at least one word that is not excluded;</li>
 *   <li>{@code cursor}, {@code limit} (1..{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT});</li>
 *   <li>filters: {@code status} (default every status but {@code deleted}), {@code contentType}
 *       ({@code type/subtype} or {@code type/*}), {@code from} / {@code to} (creation time, an instant or a
 *       date; {@code from} inclusive, {@code to} exclusive, a date {@code to} includes that day), {@code tag}
 *       ({@code key} or {@code key=value}).</li>
 * </ul>
 */
public record SearchQuery(String q, Optional<String> cursor, int limit, Optional<FileStatus> status,
                          Optional<String> contentType, Optional<Instant> from, Optional<Instant> to,
                          Optional<String> tagKey, Optional<String> tagValue) {

    public static final int MAX_Q_CHARS = 256;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 50;

    private static final Pattern TYPE_FILTER = Pattern.compile(
            "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/(\\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,126})");
    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    /** A word that is neither excluded nor only the operator {@code or}. */
    private static final Pattern POSITIVE_WORD = Pattern.compile("(?:^|[\\s\"(])(?!-)(?!or(?:[\\s\"]|$))[\\p{L}\\p{N}]",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    /** Parses the query parameters; {@link InvalidFieldException} names the one at fault. */
    public static SearchQuery parse(Map<String, String> params) {
        String q = value(params, "q").map(String::strip).orElse("");
        if (q.isEmpty()) {
            throw new InvalidFieldException("q", "give the words to look for");
        }
        if (q.length() > MAX_Q_CHARS || q.codePoints().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("q", "must be at most " + MAX_Q_CHARS
                    + " characters without control characters");
        }
        if (!POSITIVE_WORD.matcher(q).find()) {
            throw new InvalidFieldException("q", "needs at least one word that is not excluded with '-'");
        }
        Optional<String> cursor = value(params, "cursor");
        int limit = DEFAULT_LIMIT;
        Optional<String> limitText = value(params, "limit");
        if (limitText.isPresent()) {
            if (!DIGITS.matcher(limitText.get()).matches()
                    || Integer.parseInt(limitText.get()) < 1 || Integer.parseInt(limitText.get()) > MAX_LIMIT) {
                throw new InvalidFieldException("limit", "must be an integer between 1 and " + MAX_LIMIT);
            }
            limit = Integer.parseInt(limitText.get());
        }
        Optional<FileStatus> status = value(params, "status").map(s -> FileStatus.parse("status", s));
        Optional<String> contentType = value(params, "contentType").map(t -> t.toLowerCase(Locale.ROOT));
        if (contentType.isPresent() && !TYPE_FILTER.matcher(contentType.get()).matches()) {
            throw new InvalidFieldException("contentType", "must be a media type (type/subtype) or type/*");
        }
        Optional<Instant> from = value(params, "from").map(v -> time("from", v, false));
        Optional<Instant> to = value(params, "to").map(v -> time("to", v, true));
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new InvalidFieldException("to", "must be after from");
        }
        Optional<String> tagKey = Optional.empty();
        Optional<String> tagValue = Optional.empty();
        Optional<String> tag = value(params, "tag");
        if (tag.isPresent()) {
            int equals = tag.get().indexOf('=');
            String key = equals < 0 ? tag.get() : tag.get().substring(0, equals);
            if (!TAG_KEY.matcher(key).matches()) {
                throw new InvalidFieldException("tag", "must be key or key=value (a key is 1-64 letters, digits,"
                        + " '_', '.', ':' or '-')");
            }
            tagKey = Optional.of(key);
            if (equals >= 0) {
                String v = tag.get().substring(equals + 1);
                if (v.length() > 256 || v.codePoints().anyMatch(Character::isISOControl)) {
                    throw new InvalidFieldException("tag", "the value must be at most 256 characters");
                }
                tagValue = Optional.of(v);
            }
        }
        return new SearchQuery(q, cursor, limit, status, contentType, from, to, tagKey, tagValue);
    }

    private static Instant time(String field, String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidFieldException(field, "must be an instant (2026-01-31T12:00:00Z) or a date"
                        + " (2026-01-31)");
            }
        }
    }

    private static Optional<String> value(Map<String, String> params, String name) {
        String value = params == null ? null : params.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** What a cursor is bound to: the scope, the words and the filters (not the limit). */
    String binding(String scopeKey) {
        return String.join("\n", scopeKey, q, status.map(FileStatus::wire).orElse(""), contentType.orElse(""),
                from.map(Instant::toString).orElse(""), to.map(Instant::toString).orElse(""), tagKey.orElse(""),
                tagValue.map(v -> "=" + v).orElse(""));
    }
}
