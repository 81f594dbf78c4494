package com.aisaas.devhost.host.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobPathPatternTest {

    @Test
    void nameToken_takesTheWholeBlobName_slashesIncluded() {
        BlobPathPattern path = BlobPathPattern.parse("uploaded-files/{name}");
        assertThat(path.container()).isEqualTo("uploaded-files");
        assertThat(path.match("uploaded-files", "t1/u1/f1/photo.jpg")).isEqualTo(Map.of("name", "t1/u1/f1/photo.jpg"));
        assertThat(path.match("other", "photo.jpg")).isNull();
    }

    @Test
    void severalTokens_captureGreedilyLikeWebJobs() {
        BlobPathPattern path = BlobPathPattern.parse("c/{user}/{file}.{ext}");
        assertThat(path.match("c", "ann/report.final.pdf")).containsExactly(Map.entry("user", "ann"), Map.entry("file", "report.final"),
                Map.entry("ext", "pdf"));
        assertThat(path.match("c", "a/b/c.txt")).containsEntry("user", "a/b").containsEntry("file", "c");
        assertThat(path.match("c", "no-slash.txt")).isNull();
    }

    @Test
    void literalsMustMatch_andDoubledBracesAreLiteralBraces() {
        BlobPathPattern path = BlobPathPattern.parse("c/in/{{raw}}/{name}.json");
        assertThat(path.match("c", "in/{raw}/x.json")).isEqualTo(Map.of("name", "x"));
        assertThat(path.match("c", "in/raw/x.json")).isNull();
        assertThat(path.match("c", "in/{raw}/x.txt")).isNull();
        assertThat(BlobPathPattern.parse("c/a.b/{n}").match("c", "aXb/1")).as("a dot is literal").isNull();
    }

    @Test
    void aContainerAlone_matchesEveryBlobInIt() {
        BlobPathPattern path = BlobPathPattern.parse("samples");
        assertThat(path.container()).isEqualTo("samples");
        assertThat(path.match("samples", "any/thing")).isEmpty();
    }

    @Test
    void invalidPaths_areRefused() {
        assertThatThrownBy(() -> BlobPathPattern.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlobPathPattern.parse("{container}/{name}")).hasMessageContaining("literal container");
        assertThatThrownBy(() -> BlobPathPattern.parse("c/{name")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> BlobPathPattern.parse("c/name}")).hasMessageContaining("unmatched");
        assertThatThrownBy(() -> BlobPathPattern.parse("c/{}")).hasMessageContaining("empty");
    }
}
