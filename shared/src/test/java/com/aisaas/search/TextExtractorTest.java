package com.aisaas.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.config.SearchSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextExtractorTest {

    private static final String ENGLISH = "The committee reviewed the quarterly budget and approved the new"
            + " procurement policy for laboratory equipment. Members discussed the schedule of the audit and the"
            + " responsibilities of each department during the coming months.";
    private static final String GERMAN = "Der Ausschuss hat den Haushalt des Quartals geprüft und die neue"
            + " Beschaffungsrichtlinie für die Laborgeräte genehmigt. Die Mitglieder besprachen den Zeitplan der"
            + " Prüfung und die Aufgaben der einzelnen Abteilungen in den kommenden Monaten.";

    private final TextExtractor extractor = new TextExtractor(SearchSettings.defaults(), Clock.systemUTC());

    @Test
    void plainText_isIndexed_withItsLanguage() {
        ExtractedText text = extractor.extract("text/plain", SampleDocuments.text(ENGLISH), true);

        assertThat(text.status()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(text.text()).contains("procurement policy");
        assertThat(text.language()).isEqualTo("en");
        assertThat(text.config()).isEqualTo("english");
        assertThat(text.truncated()).isFalse();
        assertThat(text.metadata()).containsEntry("status", "indexed").containsEntry("language", "en")
                .containsEntry("truncated", false);
    }

    @Test
    void germanText_getsTheGermanConfiguration() {
        ExtractedText text = extractor.extract("text/plain; charset=utf-8", SampleDocuments.text(GERMAN), true);

        assertThat(text.language()).isEqualTo("de");
        assertThat(text.config()).isEqualTo("german");
        assertThat(text.text()).contains("Beschaffungsrichtlinie für");
    }

    @Test
    void html_keepsTheVisibleText_notScriptsOrStyles() {
        ExtractedText text = extractor.extract("text/html", SampleDocuments.html("Quarterly report", ENGLISH), true);

        assertThat(text.text()).contains("Quarterly report").contains("laboratory equipment")
                .doesNotContain("scriptword").doesNotContain("color: red");
    }

    @Test
    void markdown_isReadAsText() {
        ExtractedText text = extractor.extract("text/markdown", SampleDocuments.markdown("Release notes",
                "The exporter now writes parquet files."), true);

        assertThat(text.status()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(text.text()).contains("Release notes").contains("parquet files");
    }

    @Test
    void rtf_isIndexed() {
        ExtractedText text = extractor.extract("application/rtf", SampleDocuments.rtf("Minutes of the zeppelin"
                + " society"), true);

        assertThat(text.text()).contains("Minutes of the zeppelin society");
    }

    @Test
    void pdf_isIndexed_withTheTextOfEveryPage() {
        byte[] pdf = SampleDocuments.pdf(List.of("First page about apples", "Second page about pears",
                "Third page mentions the word quasar"));

        ExtractedText text = extractor.extract("application/pdf", pdf, true);

        assertThat(text.status()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(text.text()).contains("apples").contains("pears").contains("quasar");
    }

    @Test
    void wordAndExcelDocuments_areIndexed() {
        ExtractedText word = extractor.extract("application/vnd.openxmlformats-officedocument.wordprocessingml"
                + ".document", SampleDocuments.docx(List.of("Tender for the marzipan factory", ENGLISH)), true);
        ExtractedText sheet = extractor.extract("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                SampleDocuments.xlsx(List.of("invoice", "walrus supplies")), true);

        assertThat(word.text()).contains("marzipan factory").contains("laboratory equipment");
        assertThat(word.config()).isEqualTo("english");
        assertThat(sheet.text()).contains("walrus supplies");
    }

    @Test
    void imagesAndBinaries_haveNoText() {
        assertThat(extractor.wants("image/png")).isFalse();
        assertThat(extractor.extract("image/png", new byte[] {1, 2, 3}, true).status())
                .isEqualTo(ExtractedText.Status.NONE);
        assertThat(extractor.extract("application/zip", new byte[] {1, 2, 3}, true).indexed()).isFalse();
    }

    @Test
    void aCorruptPdf_failsExtraction_withAReason() {
        byte[] corrupt = "%PDF-1.7\n this is not really a pdf".getBytes(StandardCharsets.US_ASCII);

        ExtractedText text = extractor.extract("application/pdf", corrupt, true);

        assertThat(text.status()).isEqualTo(ExtractedText.Status.FAILED);
        assertThat(text.metadata()).containsEntry("status", "failed").containsKey("reason");
    }

    @Test
    void textOverTheCharacterBound_isIndexedUpToIt_andSaysSo() {
        TextExtractor small = new TextExtractor(SearchSettings.extraction(true, 1 << 20, 1000, Duration.ofMinutes(1)),
                Clock.systemUTC());

        ExtractedText text = small.extract("text/plain", SampleDocuments.text(ENGLISH.repeat(40)), true);

        assertThat(text.status()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(text.text()).hasSizeLessThanOrEqualTo(1000);
        assertThat(text.truncated()).isTrue();
        assertThat(text.reason()).contains("EXTRACT_MAX_CHARS");
    }

    @Test
    void aTextPrefix_isIndexed_butAPdfPrefixIsSkipped() {
        byte[] pdf = SampleDocuments.pdf(List.of("page one"));

        ExtractedText prefix = extractor.extract("text/plain", SampleDocuments.text(ENGLISH), false);
        ExtractedText partialPdf = extractor.extract("application/pdf", pdf, false);

        assertThat(prefix.status()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(prefix.truncated()).isTrue();
        assertThat(partialPdf.status()).isEqualTo(ExtractedText.Status.SKIPPED);
        assertThat(partialPdf.reason()).contains("EXTRACT_MAX_BYTES");
    }

    @Test
    void pastTheDeadline_theTextSoFarIsKept_andMarkedTruncated() {
        // every reading of this clock is a second later: the deadline passes after a few paragraphs
        Clock ticking = new Clock() {
            private Instant now = Instant.parse("2026-01-01T00:00:00Z");

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                now = now.plusSeconds(1);
                return now;
            }
        };
        TextExtractor slow = new TextExtractor(SearchSettings.extraction(true, 1 << 20, 100_000, Duration.ofSeconds(30)),
                ticking);
        List<String> paragraphs = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "paragraph" + i).toList();

        ExtractedText text = slow.extract("application/vnd.openxmlformats-officedocument.wordprocessingml"
                + ".document", SampleDocuments.docx(paragraphs), true);

        assertThat(text.status()).as(text.toString()).isEqualTo(ExtractedText.Status.INDEXED);
        assertThat(text.truncated()).isTrue();
        assertThat(text.reason()).contains("EXTRACT_TIMEOUT_MS");
        assertThat(text.text()).contains("paragraph0").doesNotContain("paragraph39");
    }

    @Test
    void turnedOff_extractsNothing_andKeepsNoBytes() {
        TextExtractor off = new TextExtractor(SearchSettings.extraction(false, 1 << 20, 1000, Duration.ofSeconds(5)),
                Clock.systemUTC());

        assertThat(off.wants("text/plain")).isFalse();
        assertThat(off.extract("text/plain", SampleDocuments.text(ENGLISH), true).indexed()).isFalse();
    }
}
