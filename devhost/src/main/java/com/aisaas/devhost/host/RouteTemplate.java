package com.aisaas.devhost.host;

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
 * An ASP.NET Core style route template (docs/functions-host.md §1): literal segments (matched case-insensitively), parameters
 * {@code {name}}, inline constraints {@code {id:guid}}, optional {@code {id?}}, defaults {@code {id=5}}, catch-all
 * {@code {*rest}} / {@code {**rest}}, complex segments {@code {name}.{ext}} and {@code {{ }}} escapes.
 *
 * <p>Optional parameters without a default that the URL does not supply are left out of the route values, as the real
 * host drops null route values before they reach the worker (docs/functions-host.md §1).
 */
final class RouteTemplate {

    private final String text;
    private final Segment[] segments;
    private final int[] precedence;
    private final List<String> parameterNames;

    private RouteTemplate(String text, List<Segment> segments) {
        this.text = text;
        this.segments = segments.toArray(new Segment[0]);
        this.precedence = new int[this.segments.length];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < this.segments.length; i++) {
            precedence[i] = this.segments[i].precedenceDigit();
            this.segments[i].collectNames(names);
        }
        this.parameterNames = Collections.unmodifiableList(names);
    }

    /** Parses a full template (route prefix already applied), e.g. {@code api/items/{id:guid}}. */
    static RouteTemplate parse(String template) {
        return new RouteTemplate(template, new Parser(template).segments());
    }

    String text() {
        return text;
    }

    List<String> parameterNames() {
        return parameterNames;
    }

    /**
     * Inbound precedence digits per segment (ASP.NET Core RoutePrecedence): literal 1, complex or constrained
     * parameter 2, parameter 3, constrained catch-all 4, catch-all 5. Lower sorts first.
     */
    int[] precedence() {
        return precedence.clone();
    }

    /** Route values if the (decoded) path segments match, otherwise null. */
    Map<String, String> match(List<String> path) {
        Map<String, String> values = null;
        int count = path.size();
        for (int i = 0; i < segments.length; i++) {
            Segment segment = segments[i];
            if (segment instanceof ParameterSegment && ((ParameterSegment) segment).parameter.catchAll) {
                Parameter catchAll = ((ParameterSegment) segment).parameter;
                String rest = i < count ? String.join("/", path.subList(i, count)) : "";
                if (rest.isEmpty()) {
                    if (catchAll.defaultValue != null) {
                        values = put(values, catchAll.name, catchAll.defaultValue);
                    }
                } else if (catchAll.accepts(rest)) {
                    values = put(values, catchAll.name, rest);
                } else {
                    return null;
                }
                return values == null ? Map.of() : values;
            }
            if (i >= count) {
                if (segment instanceof ParameterSegment && ((ParameterSegment) segment).parameter.canBeMissing()) {
                    Parameter missing = ((ParameterSegment) segment).parameter;
                    if (missing.defaultValue != null) {
                        values = put(values, missing.name, missing.defaultValue);
                    }
                    continue;
                }
                return null;
            }
            values = segment.match(path.get(i), values);
            if (values == MISMATCH) {
                return null;
            }
        }
        if (count > segments.length) {
            return null;
        }
        return values == null ? Map.of() : values;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Marker returned by {@link Segment#match} when the segment does not match. */
    private static final Map<String, String> MISMATCH = Collections.unmodifiableMap(new LinkedHashMap<>());

    private static Map<String, String> put(Map<String, String> values, String name, String value) {
        Map<String, String> target = values == null ? new LinkedHashMap<>(4) : values;
        target.put(name, value);
        return target;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private interface Segment {
        /** Returns the (possibly new) values map, or {@link #MISMATCH}. */
        Map<String, String> match(String value, Map<String, String> values);

        int precedenceDigit();

        void collectNames(List<String> names);
    }

    private static final class LiteralSegment implements Segment {
        private final String literal;

        LiteralSegment(String literal) {
            this.literal = literal;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            return literal.equalsIgnoreCase(value) ? values : MISMATCH;
        }

        @Override
        public int precedenceDigit() {
            return 1;
        }

        @Override
        public void collectNames(List<String> names) {
        }
    }

    private static final class ParameterSegment implements Segment {
        private final Parameter parameter;

        ParameterSegment(Parameter parameter) {
            this.parameter = parameter;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            if (value.isEmpty() || !parameter.accepts(value)) {
                return MISMATCH;
            }
            return put(values, parameter.name, value);
        }

        @Override
        public int precedenceDigit() {
            int digit = parameter.catchAll ? 5 : 3;
            return parameter.constraints.isEmpty() ? digit : digit - 1;
        }

        @Override
        public void collectNames(List<String> names) {
            names.add(parameter.name);
        }
    }

    /** Several parts in one segment, e.g. {@code {name}.{ext}}; see {@code Parser#complex()} for how they split. */
    private static final class ComplexSegment implements Segment {
        private final Pattern pattern;
        private final List<Parameter> parameters;

        ComplexSegment(Pattern pattern, List<Parameter> parameters) {
            this.pattern = pattern;
            this.parameters = parameters;
        }

        @Override
        public Map<String, String> match(String value, Map<String, String> values) {
            Matcher matcher = pattern.matcher(value);
            if (!matcher.matches()) {
                return MISMATCH;
            }
            Map<String, String> result = values;
            for (int g = 0; g < parameters.size(); g++) {
                Parameter parameter = parameters.get(g);
                String part = matcher.group(g + 1);
                if (part == null) {
                    if (parameter.defaultValue != null) {
                        result = put(result, parameter.name, parameter.defaultValue);
                    }
                    continue;
                }
                if (!parameter.accepts(part)) {
                    return MISMATCH;
                }
                result = put(result, parameter.name, part);
            }
            return result;
        }

        @Override
        public int precedenceDigit() {
            return 2;
        }

        @Override
        public void collectNames(List<String> names) {
            parameters.forEach(p -> names.add(p.name));
        }
    }

    private static final class Parameter {
        final String name;
        final boolean catchAll;
        final boolean optional;
        final String defaultValue;
        final List<Predicate<String>> constraints;

        Parameter(String name, boolean catchAll, boolean optional, String defaultValue, List<Predicate<String>> constraints) {
            this.name = name;
            this.catchAll = catchAll;
            this.optional = optional;
            this.defaultValue = defaultValue;
            this.constraints = List.copyOf(constraints);
        }

        boolean canBeMissing() {
            return optional || defaultValue != null || catchAll;
        }

        boolean accepts(String value) {
            for (Predicate<String> constraint : constraints) {
                if (!constraint.test(value)) {
                    return false;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** Template text -> segments. Errors are IllegalArgumentException naming the template. */
    private static final class Parser {
        private final String template;
        private final List<Segment> segments = new ArrayList<>();
        private final List<Object> parts = new ArrayList<>(); // String literal or Parameter
        private final StringBuilder literal = new StringBuilder();

        Parser(String template) {
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
}
