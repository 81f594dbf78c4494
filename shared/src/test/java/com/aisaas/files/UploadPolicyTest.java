package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.PayloadTooLargeException;
import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.config.FilesSettings;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadPolicyTest {

    private final UploadPolicy policy = UploadPolicy.from(FilesSettings.defaults());

    @ParameterizedTest
    @ValueSource(strings = {"application/pdf", "image/png", "IMAGE/JPEG", "text/plain; charset=utf-8", "text/csv",
            "application/json", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    void contentType_allowedByDefault(String type) {
        assertThat(policy.contentType("contentType", type)).isEqualTo(type.split(";")[0].strip().toLowerCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "image/svg+xml", "application/x-msdownload", "application/octet-stream",
            "application/vnd.openxmlformats-officedocument.", "application/pdfx"})
    void contentType_notAllowed_is415(String type) {
        assertThatThrownBy(() -> policy.contentType("contentType", type))
                .isInstanceOfSatisfying(UnsupportedMediaTypeException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.getMessage()).contains("application/pdf");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdf", "text/", "/plain", "text/plain/x", "te xt/plain", " ; charset=x"})
    void contentType_notAMediaType_is400(String type) {
        assertThatThrownBy(() -> policy.contentType("contentType", type))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("contentType"));
    }

    @Test
    void contentType_wildcardEntries_matchTheirFamily() {
        UploadPolicy images = new UploadPolicy(List.of("image/*"), 10, 10);

        assertThat(images.contentType("t", "image/anything")).isEqualTo("image/anything");
        assertThatThrownBy(() -> images.contentType("t", "imagex/png")).isInstanceOf(UnsupportedMediaTypeException.class);
    }

    @Test
    void sessionSize_upToTheLimit_isAccepted_beyondIs413_zeroIs400() {
        UploadPolicy small = new UploadPolicy(List.of("text/plain"), 100, 10);

        assertThat(small.sessionSize("size", 100)).isEqualTo(100);
        assertThatThrownBy(() -> small.sessionSize("size", 101)).isInstanceOf(PayloadTooLargeException.class);
        assertThatThrownBy(() -> small.sessionSize("size", 0))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("size"));
        assertThatThrownBy(() -> small.sessionSize("size", -5)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void directSize_usesTheSmallerOfBothLimits() {
        UploadPolicy small = new UploadPolicy(List.of("text/plain"), 100, 10);

        assertThat(small.directSize(10)).isEqualTo(10);
        assertThatThrownBy(() -> small.directSize(11)).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("/api/v1/files/uploads");
        assertThatThrownBy(() -> small.directSize(0)).isInstanceOf(InvalidFieldException.class);
    }

    @Test
    void defaults_match_theDocumentedSettings() {
        FilesSettings defaults = FilesSettings.defaults();

        assertThat(defaults.maxUploadBytes()).isEqualTo(5L << 30);
        assertThat(defaults.directUploadMaxBytes()).isEqualTo(4L << 20);
        assertThat(defaults.uploadSasTtl()).hasMinutes(15);
        assertThat(defaults.downloadSasTtl()).hasMinutes(5);
        assertThat(defaults.inlineDownloadMaxBytes()).isEqualTo(4L << 20);
        assertThat(defaults.restoreWindow()).hasDays(7);
    }
}
