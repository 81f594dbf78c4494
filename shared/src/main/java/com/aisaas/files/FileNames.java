package com.aisaas.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for a file's display name (what the client calls it; the blob path uses {@link SafeNames}).
 *
 * <p>The name is first normalised to Unicode NFC (so that "é" typed two ways is one name), then it must:
 * <ul>
 *   <li>be non-empty and at most {@value #MAX_UTF8_BYTES} bytes in UTF-8;</li>
 *   <li>be well-formed Unicode without control, format (invisible, bidi override), separator, private-use or
 *       unassigned characters;</li>
 *   <li>contain no path separator {@code /} or {@code \} — also not in a compatibility form that NFKC folds into
 *       one (fullwidth solidus, ...) — and no {@code ..};</li>
 *   <li>not begin or end with a dot or a space;</li>
 *   <li>not be a Windows reserved device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an
 *       extension, in any case, including the superscript-digit forms Windows also reserves).</li>
 * </ul>
 */
public final class FileNames {

    public static final int MAX_UTF8_BYTES = 255;

    private static final Set<String> RESERVED = reserved();

    private FileNames() {
    }

    /**
     * The normalised name, or {@link InvalidFieldException} for {@code field} saying which rule it breaks.
     */
    public static String validate(String field, String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidFieldException(field, "a file name is required");
        }
        if (!wellFormed(raw)) {
            throw new InvalidFieldException(field, "the file name is not well-formed Unicode");
        }
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_UTF8_BYTES) {
            throw new InvalidFieldException(field, "the file name must be at most " + MAX_UTF8_BYTES + " bytes in UTF-8");
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (forbiddenType(cp)) {
                throw new InvalidFieldException(field, String.format(Locale.ROOT,
                        "the file name must not contain control or invisible characters (U+%04X)", cp));
            }
            i += Character.charCount(cp);
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || folded.indexOf('/') >= 0 || folded.indexOf('\\') >= 0) {
            throw new InvalidFieldException(field, "the file name must not contain '/' or '\\'");
        }
        if (name.contains("..") || folded.contains("..")) {
            throw new InvalidFieldException(field, "the file name must not contain '..'");
        }
        if (edgeForbidden(name.codePointAt(0)) || edgeForbidden(name.codePointBefore(name.length()))) {
            throw new InvalidFieldException(field, "the file name must not begin or end with a dot or a space");
        }
        if (isReserved(name) || isReserved(folded)) {
            throw new InvalidFieldException(field, "the file name is a reserved device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
        }
        return name;
    }

    private static boolean wellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean forbiddenType(int cp) {
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return true;
            default:
                // Noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...) are assigned "Cn" anyway; variation selectors
                // and other default-ignorables that are "Mn" stay allowed (they render as part of a letter).
                return false;
        }
    }

    private static boolean edgeForbidden(int cp) {
        return cp == '.' || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isReserved(String name) {
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
        return RESERVED.contains(base);
    }

    private static Set<String> reserved() {
        java.util.HashSet<String> names = new java.util.HashSet<>(Set.of("CON", "PRN", "AUX", "NUL"));
        for (String digit : new String[] {"1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00B9", "\u00B2", "\u00B3"}) {
            names.add("COM" + digit);
            names.add("LPT" + digit);
        }
        return Set.copyOf(names);
    }
}
