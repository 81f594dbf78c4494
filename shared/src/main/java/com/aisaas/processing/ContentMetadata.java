package com.aisaas.processing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The cheap facts about a file that its first bytes (the head the probe kept) tell, stored in {@code files.metadata}:
 * <ul>
 *   <li>images the JDK's Image I/O reads (PNG, JPEG, GIF, BMP): {@code width} and {@code height} from the header,
 *       without decoding pixels;</li>
 *   <li>PDF: {@code pdfVersion} from the header, and {@code pageCount} when the file is linearized (the page count
 *       is then in its first object; other PDFs would need the whole file, which is not read twice);</li>
 *   <li>text (text/*, JSON): a {@code snippet} of the first characters, whitespace collapsed, control characters
 *       dropped, and {@code encoding} UTF-8 when the head decodes as UTF-8.</li>
 * </ul>
 * Never throws: a corrupt header only means fewer facts.
 */
final class ContentMetadata {

    static final int SNIPPET_CHARS = 280;
    private static final Pattern PDF_VERSION = Pattern.compile("^%PDF-(\\d\\.\\d)");
    private static final Pattern PDF_LINEARIZED_PAGES =
            Pattern.compile("/Linearized\\s[^>]*?/N\\s+(\\d{1,7})\\b", Pattern.DOTALL);

    private ContentMetadata() {
    }

    static Map<String, Object> extract(String type, byte[] head) {
        Map<String, Object> facts = new LinkedHashMap<>();
        try {
            if (type.startsWith("image/")) {
                image(head, facts);
            } else if (type.equals("application/pdf")) {
                pdf(head, facts);
            } else if (type.startsWith("text/") || type.equals("application/json")) {
                text(head, facts);
            }
        } catch (IOException | RuntimeException e) {
            facts.put("metadataError", e.getClass().getSimpleName());
        }
        return facts;
    }

    private static void image(byte[] head, Map<String, Object> facts) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(head))) {
            if (input == null) {
                return;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                facts.put("width", reader.getWidth(0));
                facts.put("height", reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        }
    }

    private static void pdf(byte[] head, Map<String, Object> facts) {
        String ascii = new String(head, 0, Math.min(head.length, 4096), StandardCharsets.ISO_8859_1);
        Matcher version = PDF_VERSION.matcher(ascii);
        if (version.find()) {
            facts.put("pdfVersion", version.group(1));
        }
        Matcher pages = PDF_LINEARIZED_PAGES.matcher(ascii);
        if (pages.find()) {
            facts.put("pageCount", Integer.parseInt(pages.group(1)));
        }
    }

    private static void text(byte[] head, Map<String, Object> facts) {
        int probe = Math.min(head.length, SNIPPET_CHARS * 4);
        CharBuffer chars = CharBuffer.allocate(probe);
        // endOfInput=false: a character cut off by the end of the head is left undecoded, not an error
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, probe), chars, false);
        if (result.isError()) {
            chars.clear();
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(head, 0, probe), chars, false);
        } else {
            facts.put("encoding", "UTF-8");
        }
        chars.flip();
        StringBuilder snippet = new StringBuilder();
        boolean space = false;
        for (int i = 0; i < chars.length() && snippet.length() < SNIPPET_CHARS; i++) {
            char c = chars.charAt(i);
            if (Character.isWhitespace(c)) {
                space = snippet.length() > 0;
            } else if (!Character.isISOControl(c) && c != '\uFEFF') {
                if (space) {
                    snippet.append(' ');
                    space = false;
                }
                snippet.append(c);
            }
        }
        if (snippet.length() > 0) {
            facts.put("snippet", snippet.toString());
        }
    }
}
