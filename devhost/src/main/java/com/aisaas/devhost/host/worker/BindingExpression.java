package com.aisaas.devhost.host.worker;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A binding property with binding expressions (docs/functions-host.md §8.2), e.g. a blob path
 * {@code processed/{name}-{rand-guid}.pdf}: {@code %Setting%} is replaced by the app setting when the function is loaded
 * (a missing setting puts the function in error); {@code {token}} per invocation by the trigger's binding data
 * (case-insensitive; {@code {a.b}} reads property {@code b} of the JSON value {@code a}); {@code {rand-guid}} by a new
 * GUID and {@code {DateTime}} by the invocation's UTC time as {@code yyyy-MM-ddTHH-mm-ssZ}. {@code {{} and {@code }}}
 * are literal braces. A token without a value fails the invocation, as the host's "No value for named parameter".
 */
public final class BindingExpression {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** Literal text, or a token when {@code token} is true. */
    private record Part(String text, boolean token) {
    }

    private final String source;
    private final List<Part> parts;

    private BindingExpression(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    /**
     * @param settings the app settings, for {@code %Setting%}
     * @throws IllegalArgumentException for an unknown setting, an unclosed {@code %} or brace, or an empty token
     */
    public static BindingExpression parse(String template, Map<String, String> settings) {
        if (template == null) {
            throw new IllegalArgumentException("binding expression is missing");
        }
        String resolved = resolveSettings(template, settings);
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < resolved.length(); i++) {
            char c = resolved.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < resolved.length() && resolved.charAt(i + 1) == c) {
                literal.append(c);
                i++;
            } else if (c == '{') {
                int end = resolved.indexOf('}', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed '{' in binding expression '" + template + "'");
                }
                String token = resolved.substring(i + 1, end).trim();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("empty {} in binding expression '" + template + "'");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), false));
                    literal.setLength(0);
                }
                parts.add(new Part(token, true));
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("unmatched '}' in binding expression '" + template + "'");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), false));
        }
        return new BindingExpression(template, List.copyOf(parts));
    }

    private static String resolveSettings(String template, Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int start = template.indexOf('%', i);
            if (start < 0) {
                out.append(template, i, template.length());
                break;
            }
            int end = template.indexOf('%', start + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '%' in binding expression '" + template + "'");
            }
            String name = template.substring(start + 1, end);
            String value = settings.get(name);
            if (value == null) {
                throw new IllegalArgumentException("'%" + name + "%' does not resolve to a value (app setting '" + name + "' is not set)");
            }
            out.append(template, i, start).append(value);
            i = end + 1;
        }
        return out.toString();
    }

    /** Whether the expression has tokens to fill per invocation. */
    public boolean hasTokens() {
        return parts.stream().anyMatch(Part::token);
    }

    /**
     * The value for one invocation.
     *
     * @throws BindingException when a token has no value in the binding data
     */
    public String evaluate(TriggerInput input, Instant now) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.token() ? token(part.text(), input, now) : part.text());
        }
        return out.toString();
    }

    private String token(String token, TriggerInput input, Instant now) {
        if (token.equalsIgnoreCase("rand-guid") || token.equalsIgnoreCase("sys.randguid")) {
            return UUID.randomUUID().toString();
        }
        if (token.equalsIgnoreCase("DateTime") || token.equalsIgnoreCase("sys.utcnow")) {
            return DATE_TIME.format(now);
        }
        String[] path = token.split("\\.");
        Object value = input == null ? null : input.bindingData(path[0]);
        for (int i = 1; i < path.length && value != null; i++) {
            value = property(value, path[i]);
        }
        if (value == null) {
            throw new BindingException("No value for named parameter '" + token + "' in binding expression '" + source + "'");
        }
        if (value instanceof JsonElement element) {
            return element.isJsonPrimitive() ? element.getAsString() : element.toString();
        }
        return value.toString();
    }

    private static Object property(Object value, String name) {
        JsonElement element;
        if (value instanceof JsonElement json) {
            element = json;
        } else {
            try {
                element = JsonParser.parseString(value.toString());
            } catch (JsonParseException e) {
                return null;
            }
        }
        if (!element.isJsonObject()) {
            return null;
        }
        JsonObject object = element.getAsJsonObject();
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue().isJsonNull() ? null : entry.getValue();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return source;
    }
}
