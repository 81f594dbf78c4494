package com.aisaas.devhost.host.blob;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code path} of a blob trigger (docs/functions-host.md §3): {@code container/blob pattern} where every {@code {token}} captures
 * any text, {@code /} included ({@code uploaded-files/{name}}, {@code c/{user}/{file}}, {@code c/{name}.{ext}}), and
 * {@code {{}, {@code }}} stand for literal braces. Captures are greedy like WebJobs' BindingTemplateSource
 * ({@code ^(?<p>.*)literal...$}); a path of just a container matches every blob in it.
 */
public final class BlobPathPattern {

    private final String text;
    private final String container;
    private final Pattern pattern;
    private final List<String> tokens;

    private BlobPathPattern(String text, String container, Pattern pattern, List<String> tokens) {
        this.text = text;
        this.container = container;
        this.pattern = pattern;
        this.tokens = tokens;
    }

    /** @throws IllegalArgumentException for an empty path, a container with tokens, or unbalanced braces */
    static BlobPathPattern parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("blobTrigger has no \"path\"");
        }
        String trimmed = path.trim();
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        int slash = trimmed.indexOf('/');
        String container = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (container.isEmpty() || container.indexOf('{') >= 0 || container.indexOf('}') >= 0) {
            throw new IllegalArgumentException("blobTrigger path '" + path + "' must start with a literal container name");
        }
        String blobPart = slash < 0 ? "" : trimmed.substring(slash + 1);
        List<String> tokens = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        if (blobPart.isEmpty()) {
            regex.append(".*");
        }
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < blobPart.length(); i++) {
            char c = blobPart.charAt(i);
            if (c == '{' && i + 1 < blobPart.length() && blobPart.charAt(i + 1) == '{') {
                literal.append('{');
                i++;
            } else if (c == '}' && i + 1 < blobPart.length() && blobPart.charAt(i + 1) == '}') {
                literal.append('}');
                i++;
            } else if (c == '{') {
                int close = blobPart.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("blobTrigger path '" + path + "' has an unclosed '{'");
                }
                String name = blobPart.substring(i + 1, close).trim();
                if (name.isEmpty() || name.indexOf('{') >= 0) {
                    throw new IllegalArgumentException("blobTrigger path '" + path + "' has an empty or nested token");
                }
                appendLiteral(regex, literal);
                regex.append("(.*)");
                tokens.add(name);
                i = close;
            } else if (c == '}') {
                throw new IllegalArgumentException("blobTrigger path '" + path + "' has an unmatched '}'");
            } else {
                literal.append(c);
            }
        }
        appendLiteral(regex, literal);
        regex.append('$');
        return new BlobPathPattern(path, container, Pattern.compile(regex.toString(), Pattern.DOTALL), Collections.unmodifiableList(tokens));
    }

    private static void appendLiteral(StringBuilder regex, StringBuilder literal) {
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The container the trigger watches. */
    public String container() {
        return container;
    }

    List<String> tokens() {
        return tokens;
    }

    /** The token values for a blob of {@code containerName}, or null when the blob does not match the path. */
    Map<String, String> match(String containerName, String blobName) {
        if (!container.equals(containerName)) {
            return null;
        }
        Matcher matcher = pattern.matcher(blobName);
        if (!matcher.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            values.put(tokens.get(i), matcher.group(i + 1));
        }
        return values;
    }

    @Override
    public String toString() {
        return text;
    }
}
