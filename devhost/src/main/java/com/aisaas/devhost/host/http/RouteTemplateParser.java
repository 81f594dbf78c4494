package com.aisaas.devhost.host.http;

import com.aisaas.devhost.host.http.RouteTemplate.ComplexSegment;
import com.aisaas.devhost.host.http.RouteTemplate.LiteralSegment;
import com.aisaas.devhost.host.http.RouteTemplate.Parameter;
import com.aisaas.devhost.host.http.RouteTemplate.ParameterSegment;
import com.aisaas.devhost.host.http.RouteTemplate.Segment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a route template (docs/functions-host.md §1.1) into the segments of a {@link RouteTemplate}: literals, parameters with
 * their constraints, optional markers and defaults, catch-alls, complex segments and {@code {{ }}} escapes. Errors are
 * IllegalArgumentException naming the template.
 */
final class RouteTemplateParser {
    private final String template;
    private final List<Segment> segments = new ArrayList<>();
    private final List<Object> parts = new ArrayList<>(); // String literal or Parameter
    private final StringBuilder literal = new StringBuilder();

    RouteTemplateParser(String template) {
        this.template = template;
    }

    List<Segment> segments() {
        String t = template;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (c == '{') {
                if (i + 1 < t.length() && t.charAt(i + 1) == '{') {
                    literal.append('{');
                    i += 2;
                    continue;
                }
                flushLiteral();
                StringBuilder body = new StringBuilder();
                i++;
                while (true) {
                    if (i >= t.length()) {
                        throw error("unterminated '{'");
                    }
                    char p = t.charAt(i);
                    if ((p == '}' || p == '{') && i + 1 < t.length() && t.charAt(i + 1) == p) {
                        body.append(p);
                        i += 2;
                    } else if (p == '}') {
                        i++;
                        break;
                    } else if (p == '{') {
                        throw error("'{' inside a parameter must be written '{{'");
                    } else {
                        body.append(p);
                        i++;
                    }
                }
                parts.add(parameter(body.toString()));
            } else if (c == '}') {
                if (i + 1 < t.length() && t.charAt(i + 1) == '}') {
                    literal.append('}');
                    i += 2;
                } else {
                    throw error("unmatched '}'");
                }
            } else if (c == '/') {
                finishSegment();
                i++;
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!t.isEmpty()) {
            finishSegment();
        }
        validate();
        return segments;
    }

    private void flushLiteral() {
        if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
        }
    }

    private void finishSegment() {
        flushLiteral();
        if (parts.isEmpty()) {
            throw error("empty segment");
        }
        if (parts.size() == 1) {
            Object only = parts.get(0);
            segments.add(only instanceof String ? new LiteralSegment((String) only) : new ParameterSegment((Parameter) only));
        } else {
            segments.add(complex());
        }
        parts.clear();
    }

    /**
     * ASP.NET Core matches complex segments right to left, so a parameter takes everything up to the LAST occurrence
     * of the literal after it: earlier parameters are greedy. An optional last parameter ({@code {name}.{ext?}})
     * takes the text after the last '.', if any.
     */
    private Segment complex() {
        List<String> pieces = new ArrayList<>();
        List<Parameter> parameters = new ArrayList<>();
        int lastParameterPiece = -1;
        Object previous = null;
        for (int k = 0; k < parts.size(); k++) {
            Object part = parts.get(k);
            if (part instanceof String) {
                if (previous instanceof String) {
                    throw error("two literals in a row");
                }
                pieces.add(Pattern.quote((String) part));
            } else {
                Parameter parameter = (Parameter) part;
                if (previous instanceof Parameter) {
                    throw error("two parameters in one segment must be separated by a literal");
                }
                if (parameter.catchAll) {
                    throw error("a catch-all parameter must be a whole segment");
                }
                if (parameter.optional) {
                    if (k != parts.size() - 1 || k == 0 || !".".equals(parts.get(k - 1))) {
                        throw error("an optional parameter in a complex segment must be last and follow a '.'");
                    }
                    pieces.set(pieces.size() - 1, "(?:\\.([^.]+))?");
                    if (lastParameterPiece >= 0) {
                        pieces.set(lastParameterPiece, "(.+?)");
                    }
                } else {
                    lastParameterPiece = pieces.size();
                    pieces.add("(.+)");
                }
                parameters.add(parameter);
            }
            previous = part;
        }
        return new ComplexSegment(Pattern.compile(String.join("", pieces), Pattern.CASE_INSENSITIVE | Pattern.DOTALL), parameters);
    }

    private Parameter parameter(String body) {
        int i = 0;
        boolean catchAll = false;
        if (body.startsWith("**")) {
            catchAll = true;
            i = 2;
        } else if (body.startsWith("*")) {
            catchAll = true;
            i = 1;
        }
        int nameStart = i;
        while (i < body.length() && ":=?".indexOf(body.charAt(i)) < 0) {
            i++;
        }
        String name = body.substring(nameStart, i).trim();
        if (name.isEmpty()) {
            throw error("parameter without a name: {" + body + "}");
        }
        List<Predicate<String>> constraints = new ArrayList<>();
        boolean optional = false;
        String defaultValue = null;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == ':') {
                int start = ++i;
                while (i < body.length() && "(:=?".indexOf(body.charAt(i)) < 0) {
                    i++;
                }
                String constraintName = body.substring(start, i).trim();
                String argument = null;
                if (i < body.length() && body.charAt(i) == '(') {
                    int close = closingParenthesis(body, i);
                    argument = body.substring(i + 1, close);
                    i = close + 1;
                }
                try {
                    constraints.add(RouteConstraints.create(constraintName, argument));
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            } else if (c == '=') {
                defaultValue = body.substring(i + 1);
                i = body.length();
            } else if (c == '?') {
                if (i != body.length() - 1) {
                    throw error("'?' must end the parameter: {" + body + "}");
                }
                optional = true;
                i++;
            } else {
                throw error("unexpected '" + c + "' in {" + body + "}");
            }
        }
        if (optional && (catchAll || defaultValue != null)) {
            throw error("a parameter cannot be optional and catch-all or have a default: {" + body + "}");
        }
        return new Parameter(name, catchAll, optional, defaultValue, constraints);
    }

    /** The ')' that closes the argument: the first one followed by the end, ':', '=' or a final '?'. */
    private int closingParenthesis(String body, int open) {
        for (int j = open + 1; j < body.length(); j++) {
            if (body.charAt(j) != ')') {
                continue;
            }
            if (j == body.length() - 1) {
                return j;
            }
            char next = body.charAt(j + 1);
            if (next == ':' || next == '=' || (next == '?' && j + 1 == body.length() - 1)) {
                return j;
            }
        }
        throw error("unterminated constraint argument in {" + body + "}");
    }

    private void validate() {
        List<String> seen = new ArrayList<>();
        for (int s = 0; s < segments.size(); s++) {
            Segment segment = segments.get(s);
            if (segment instanceof ParameterSegment && ((ParameterSegment) segment).parameter.catchAll && s != segments.size() - 1) {
                throw error("a catch-all parameter must be the last segment");
            }
            List<String> names = new ArrayList<>();
            segment.collectNames(names);
            for (String name : names) {
                String key = name.toLowerCase(Locale.ROOT);
                if (seen.contains(key)) {
                    throw error("parameter '" + name + "' appears twice");
                }
                seen.add(key);
            }
        }
    }

    private IllegalArgumentException error(String message) {
        return new IllegalArgumentException("invalid route template '" + template + "': " + message);
    }
}
