package com.aisaas.search;

import com.aisaas.config.SearchSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.language.detect.LanguageResult;
import org.apache.tika.langdetect.optimaize.OptimaizeLangDetector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.html.JSoupParser;
import org.apache.tika.parser.microsoft.OfficeParser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.microsoft.rtf.RTFParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.parser.txt.TXTParser;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of a document, for search, from the bytes the processing stream kept (no second download): Apache
 * Tika's parsers for plain text and Markdown (any {@code text/*} but HTML), HTML, RTF, PDF, and Office documents
 * (OOXML and the older binary formats); every other type has no text. Bounded three ways, each recorded as
 * {@code truncated}: the bytes kept (EXTRACT_MAX_BYTES; a plain-text prefix is still read, a PDF or Office file is
 * not, as its structure is at its end), the characters indexed (EXTRACT_MAX_CHARS), and the time spent
 * (EXTRACT_TIMEOUT_MS, checked whenever the parser hands over text). The language of the text is detected when it
 * can be told with reasonable certainty. Never throws: a document the parser cannot read is {@code failed}.
 */
public final class TextExtractor {

    private static final Logger log = LoggerFactory.getLogger(TextExtractor.class);
    /** Enough text to tell a language; detecting on more only costs time. */
    private static final int LANGUAGE_SAMPLE_CHARS = 20_000;

    private final SearchSettings settings;
    private final Clock clock;

    public TextExtractor(SearchSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a file of this (declared) type is worth keeping bytes for while it streams. */
    public boolean wants(String contentType) {
        return settings.extractEnabled() && parserFor(base(contentType)).isPresent();
    }

    /** How many bytes of a blob to keep for {@link #extract}. */
    public int maxBytes() {
        return settings.extractMaxBytes();
    }

    /**
     * The text of a file of {@code contentType} whose first bytes are {@code bytes}.
     *
     * @param complete whether {@code bytes} is the whole file (false: the file was larger than EXTRACT_MAX_BYTES)
     */
    public ExtractedText extract(String contentType, byte[] bytes, boolean complete) {
        String type = base(contentType);
        if (!settings.extractEnabled()) {
            return ExtractedText.none("extraction is turned off (EXTRACT_ENABLED)");
        }
        Optional<Kind> kind = parserFor(type);
        if (kind.isEmpty()) {
            return ExtractedText.none(null);
        }
        if (bytes == null) {
            return ExtractedText.skipped("the content was not kept for extraction");
        }
        if (!complete && !kind.get().prefixReadable) {
            return ExtractedText.skipped("larger than EXTRACT_MAX_BYTES (" + settings.extractMaxBytes() + " bytes)");
        }
        BoundedText handler = new BoundedText(settings.extractMaxChars(),
                clock.instant().plus(settings.extractTimeout()), clock);
        String reason = complete ? null : "only the first " + settings.extractMaxBytes() + " bytes were read";
        boolean truncated = !complete;
        try (TikaInputStream input = TikaInputStream.get(new ByteArrayInputStream(bytes))) {
            Metadata metadata = new Metadata();
            metadata.set(Metadata.CONTENT_TYPE, type);
            kind.get().parser().parse(input, handler, metadata, new ParseContext());
        } catch (BoundedText.Stop stop) {
            truncated = true;
            reason = stop.getMessage();
        } catch (EncryptedDocumentException e) {
            return ExtractedText.failed("the document is encrypted");
        } catch (IOException | SAXException | TikaException | RuntimeException | LinkageError e) {
            Optional<BoundedText.Stop> stop = BoundedText.Stop.in(e);
            if (stop.isPresent()) { // some parsers wrap what the handler throws
                truncated = true;
                reason = stop.get().getMessage();
            } else if (handler.length() == 0) {
                log.debug("no text extracted from a {} file: {}", type, e.toString());
                return ExtractedText.failed("the " + type + " content could not be read: "
                        + e.getClass().getSimpleName());
            } else {
                truncated = true;
                reason = "the rest could not be read: " + e.getClass().getSimpleName();
            }
        }
        String text = handler.text();
        if (text.isEmpty()) {
            return truncated && complete ? ExtractedText.failed(reason)
                    : ExtractedText.none(reason == null ? "the document has no text" : reason);
        }
        String language = detectLanguage(text);
        String config = SearchLanguages.config(language).orElse(SearchLanguages.SIMPLE);
        return new ExtractedText(ExtractedText.Status.INDEXED, text, language, config, truncated, reason);
    }

    private static String detectLanguage(String text) {
        String sample = text.length() <= LANGUAGE_SAMPLE_CHARS ? text : text.substring(0, LANGUAGE_SAMPLE_CHARS);
        try {
            LanguageResult result = Languages.detect(sample);
            return result.isReasonablyCertain() ? result.getLanguage() : null;
        } catch (RuntimeException | LinkageError e) {
            log.debug("language not detected: {}", e.toString());
            return null;
        }
    }

    private enum Kind {
        TEXT(true), HTML(true), RTF(false), PDF(false), OOXML(false), OLE2(false);

        private final boolean prefixReadable;

        Kind(boolean prefixReadable) {
            this.prefixReadable = prefixReadable;
        }

        Parser parser() {
            return switch (this) {
                case TEXT -> new TXTParser();
                case HTML -> new JSoupParser();
                case RTF -> new RTFParser();
                case PDF -> new PDFParser();
                case OOXML -> new OOXMLParser();
                case OLE2 -> new OfficeParser();
            };
        }
    }

    private static Optional<Kind> parserFor(String type) {
        if (type.equals("text/html") || type.equals("application/xhtml+xml")) {
            return Optional.of(Kind.HTML);
        }
        if (type.equals("text/rtf") || type.equals("application/rtf")) {
            return Optional.of(Kind.RTF);
        }
        if (type.startsWith("text/") || type.equals("application/json") || type.equals("application/xml")) {
            return Optional.of(Kind.TEXT);
        }
        if (type.equals("application/pdf")) {
            return Optional.of(Kind.PDF);
        }
        if (type.startsWith("application/vnd.openxmlformats-officedocument.")) {
            return Optional.of(Kind.OOXML);
        }
        if (type.equals("application/msword") || type.equals("application/vnd.ms-excel")
                || type.equals("application/vnd.ms-powerpoint")) {
            return Optional.of(Kind.OLE2);
        }
        return Optional.empty();
    }

    private static String base(String type) {
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The language models, loaded once per process on first use (only the languages PostgreSQL stems). */
    private static final class Languages {
        private static final OptimaizeLangDetector DETECTOR = load();

        private static OptimaizeLangDetector load() {
            OptimaizeLangDetector detector = new OptimaizeLangDetector();
            try {
                detector.loadModels(SearchLanguages.languages());
            } catch (IOException e) {
                throw new IllegalStateException("language models missing from the class path", e);
            }
            return detector;
        }

        static LanguageResult detect(String text) {
            synchronized (DETECTOR) { // the detector keeps the text it is given: one caller at a time
                return DETECTOR.detect(text);
            }
        }
    }

    /**
     * Collects the parser's text up to a number of characters and a deadline, and stops the parser (by throwing
     * {@link Stop}) at either; whitespace runs collapse to one space or line break.
     */
    static final class BoundedText extends DefaultHandler {
        private final StringBuilder text = new StringBuilder();
        private final int maxChars;
        private final Instant deadline;
        private final Clock clock;
        private boolean pendingSpace;
        private boolean pendingBreak;

        BoundedText(int maxChars, Instant deadline, Clock clock) {
            this.maxChars = maxChars;
            this.deadline = deadline;
            this.clock = clock;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            append(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            append(ch, start, length);
        }

        private void append(char[] ch, int start, int length) throws SAXException {
            for (int i = start; i < start + length; i++) {
                char c = ch[i];
                if (c == '\n' || c == '\r' || c == '\f') {
                    pendingBreak = true;
                } else if (Character.isWhitespace(c) || c == '\u00A0') {
                    pendingSpace = true;
                } else if (!Character.isISOControl(c) && c != '\uFEFF') {
                    if (text.length() >= maxChars) {
                        throw new Stop("more than EXTRACT_MAX_CHARS (" + maxChars + ") characters");
                    }
                    if (text.length() > 0 && (pendingBreak || pendingSpace)) {
                        text.append(pendingBreak ? '\n' : ' ');
                    }
                    pendingBreak = false;
                    pendingSpace = false;
                    text.append(c);
                }
            }
            if (clock.instant().isAfter(deadline)) {
                throw new Stop("extraction took longer than EXTRACT_TIMEOUT_MS");
            }
        }

        int length() {
            return text.length();
        }

        String text() {
            return text.toString();
        }

        /** Stops the parser at a bound; the text collected so far is kept. */
        static final class Stop extends SAXException {
            Stop(String message) {
                super(message);
            }

            static Optional<Stop> in(Throwable thrown) {
                for (Throwable t = thrown; t != null; t = t.getCause()) {
                    if (t instanceof Stop stop) {
                        return Optional.of(stop);
                    }
                    if (t instanceof SAXException sax && sax.getException() instanceof Stop stop) {
                        return Optional.of(stop);
                    }
                }
                return Optional.empty();
            }
        }
    }
}
