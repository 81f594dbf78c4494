package com.aisaas.search;

import com.aisaas.config.SearchSettings;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.ooxml.OOXMLParser;
import org.apache.tika.parser.pdf.PDFParser;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Extraction throughput of the processing path ({@link TextExtractor#extract}: the bounded handler, the time
 * bound, language detection) against Tika alone on the same bytes in the same JVM (the same parser class with an
 * unbounded {@link BodyContentHandler}, nothing else: the ceiling). The corpus is generated here, reproducibly
 * (seed 42): PDFs of 2–40 pages and Word and Excel documents of similar text, words from a fixed vocabulary.
 * Rounds alternate path and ceiling; each round reads the whole corpus once. Prints per round MB/s of both and
 * their ratio, and the peak heap in use (sum of the heap pools' peaks).
 *
 * <p>{@code ExtractionThroughputMain [documents-per-type] [rounds]} — run by bench/extraction-throughput.sh.
 */
public final class ExtractionThroughputMain {

    private static final String[] WORDS = ("the of and to in is that for budget report meeting project system data"
            + " service market policy health school company city water development management quality research"
            + " analysis customer product support training security process office review contract payment"
            + " invoice schedule delivery employee manager department committee approval request account balance"
            + " revenue forecast strategy quarterly annual summary agenda minutes proposal der die und Bericht"
            + " Haushalt Sitzung Projekt rapport réunion projet système données informe presupuesto reunión").split(" ");

    private record Doc(String type, byte[] bytes) {
    }

    public static void main(String[] args) {
        int perType = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Doc> corpus = corpus(perType);
        long bytes = corpus.stream().mapToLong(d -> d.bytes().length).sum();
        System.out.printf("corpus: %d documents (%d each of PDF, docx, xlsx), %.1f MB%n", corpus.size(), perType,
                bytes / 1e6);
        TextExtractor path = new TextExtractor(SearchSettings.defaults(), Clock.systemUTC());
        for (int i = 0; i < 2; i++) { // warm-up: both, twice
            runPath(path, corpus);
            runTika(corpus);
        }
        resetPeaks();
        System.out.println("| round | processing path docs/s (MB/s) | Tika alone docs/s (MB/s) | path / Tika |");
        System.out.println("|---|---|---|---|");
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long chars;
            long tikaChars;
            long pathNanos;
            long tikaNanos;
            if (round % 2 == 1) { // alternate the order, so neither side always runs second
                long t0 = System.nanoTime();
                chars = runPath(path, corpus);
                long t1 = System.nanoTime();
                tikaChars = runTika(corpus);
                pathNanos = t1 - t0;
                tikaNanos = System.nanoTime() - t1;
            } else {
                long t0 = System.nanoTime();
                tikaChars = runTika(corpus);
                long t1 = System.nanoTime();
                chars = runPath(path, corpus);
                tikaNanos = t1 - t0;
                pathNanos = System.nanoTime() - t1;
            }
            double pathRate = bytes / 1e6 / (pathNanos / 1e9);
            double tikaRate = bytes / 1e6 / (tikaNanos / 1e9);
            ratios.add(pathRate / tikaRate);
            System.out.printf("| %d | %.1f (%.3f) | %.1f (%.3f) | %.2f |%n", round, corpus.size() / (pathNanos / 1e9),
                    pathRate, corpus.size() / (tikaNanos / 1e9), tikaRate, pathRate / tikaRate);
            if (chars == 0 || tikaChars == 0) {
                throw new IllegalStateException("no text extracted");
            }
        }
        ratios.sort(Double::compare);
        System.out.printf("median path / Tika: %.2f; peak heap in use %.0f MiB of max %.0f MiB%n",
                ratios.get(ratios.size() / 2), peakHeap() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private static long runPath(TextExtractor path, List<Doc> corpus) {
        long chars = 0;
        for (Doc doc : corpus) {
            ExtractedText text = path.extract(doc.type(), doc.bytes(), true);
            if (text.status() != ExtractedText.Status.INDEXED) {
                throw new IllegalStateException(doc.type() + ": " + text.status() + " " + text.reason());
            }
            chars += text.text().length();
        }
        return chars;
    }

    private static long runTika(List<Doc> corpus) {
        long chars = 0;
        for (Doc doc : corpus) {
            Parser parser = doc.type().equals("application/pdf") ? new PDFParser() : new OOXMLParser();
            BodyContentHandler handler = new BodyContentHandler(-1);
            try (TikaInputStream input = TikaInputStream.get(new ByteArrayInputStream(doc.bytes()))) {
                Metadata metadata = new Metadata();
                metadata.set(Metadata.CONTENT_TYPE, doc.type());
                parser.parse(input, handler, metadata, new ParseContext());
            } catch (Exception e) {
                throw new IllegalStateException(doc.type(), e);
            }
            chars += handler.toString().length();
        }
        return chars;
    }

    private static List<Doc> corpus(int perType) {
        Random random = new Random(42);
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < perType; i++) {
            int pages = 2 + random.nextInt(39);
            List<String> pageTexts = new ArrayList<>();
            for (int p = 0; p < pages; p++) {
                pageTexts.add(words(random, 60)); // one line of text per page (SampleDocuments draws one line)
            }
            docs.add(new Doc("application/pdf", SampleDocuments.pdf(pageTexts)));
            List<String> paragraphs = new ArrayList<>();
            for (int p = 0; p < pages * 4; p++) {
                paragraphs.add(words(random, 80));
            }
            docs.add(new Doc("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    SampleDocuments.docx(paragraphs)));
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < pages * 20; c++) {
                cells.add(words(random, 6));
            }
            docs.add(new Doc("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    SampleDocuments.xlsx(cells)));
        }
        return docs;
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                text.append(' ');
            }
            // skewed: frequent words often, the rest now and then
            text.append(WORDS[(int) (WORDS.length * Math.pow(random.nextDouble(), 2.5))]);
        }
        return text.toString();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
