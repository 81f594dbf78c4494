package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aisaas.files.UploadPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentCheckTest {

    static final UploadPolicy POLICY = new UploadPolicy(List.of("application/pdf", "image/png", "image/jpeg",
            "image/gif", "image/webp", "text/plain", "text/csv", "application/json",
            "application/vnd.openxmlformats-officedocument.*"), 1L << 32, 4 << 20);

    private final ContentCheck check = new ContentCheck(POLICY);

    static byte[] png() {
        // signature, IHDR chunk of a 1x1 RGBA image
        return bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0,
                0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89);
    }

    static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] executable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes('M', 'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0));
        out.writeBytes(new byte[48]);
        out.writeBytes("This program cannot be run in DOS mode.\r\r\n$".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[64]);
        return out.toByteArray();
    }

    @Test
    void executableDisguisedAsPdf_isRejected() {
        byte[] content = executable();
        String detected = check.detect(content);

        ContentCheck.Verdict verdict = check.decide("application/pdf", content.length, detected, content.length);

        assertThat(detected).isNotEqualTo("application/pdf");
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).contains("not the declared application/pdf");
    }

    @Test
    void shellScriptNamedJpg_isRejected() {
        byte[] content = "#!/bin/sh\nrm -rf / --no-preserve-root\n".getBytes(StandardCharsets.US_ASCII);
        String detected = check.detect(content);

        ContentCheck.Verdict verdict = check.decide("image/jpeg", content.length, detected, content.length);

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.detectedType()).isNotEqualTo("image/jpeg");
    }

    @Test
    void realPngHeader_declaredPng_isReady() {
        byte[] content = png();

        ContentCheck.Verdict verdict = check.decide("image/png", content.length, check.detect(content), content.length);

        assertThat(verdict).isEqualTo(new ContentCheck.Verdict(true, "image/png", null));
    }

    @Test
    void realPdfHeader_declaredPdf_isReady() {
        byte[] content = pdf();

        ContentCheck.Verdict verdict = check.decide("application/pdf", content.length, check.detect(content),
                content.length);

        assertThat(verdict).isEqualTo(new ContentCheck.Verdict(true, "application/pdf", null));
    }

    @Test
    void pngDeclaredAsPdf_isRejected() {
        byte[] content = png();

        ContentCheck.Verdict verdict = check.decide("application/pdf", content.length, check.detect(content),
                content.length);

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.detectedType()).isEqualTo("image/png");
    }

    @Test
    void plainText_declaredTextPlain_isReady() {
        byte[] content = "hello, world\n".getBytes(StandardCharsets.UTF_8);

        ContentCheck.Verdict verdict = check.decide("text/plain", content.length, check.detect(content),
                content.length);

        assertThat(verdict).isEqualTo(new ContentCheck.Verdict(true, "text/plain", null));
    }

    @Test
    void csvAndJson_detectedAsText_keepTheDeclaredSpecificType() {
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"a\": [1, 2]}".getBytes(StandardCharsets.UTF_8);

        assertThat(check.decide("text/csv", csv.length, check.detect(csv), csv.length))
                .isEqualTo(new ContentCheck.Verdict(true, "text/csv", null));
        assertThat(check.decide("application/json", json.length, check.detect(json), json.length))
                .isEqualTo(new ContentCheck.Verdict(true, "application/json", null));
    }

    @Test
    void unrecognisedBytes_declaredAsATypeWithASignature_areRejected() {
        byte[] random = new byte[4096];
        new java.util.Random(3).nextBytes(random);
        String detected = check.detect(random);

        ContentCheck.Verdict verdict = check.decide("image/png", random.length, detected, random.length);

        assertThat(detected).isEqualTo("application/octet-stream");
        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).contains("not recognisable");
    }

    @Test
    void sizeOtherThanDeclared_isRejected_evenForTheRightType() {
        byte[] content = png();

        ContentCheck.Verdict verdict = check.decide("image/png", content.length + 1, check.detect(content),
                content.length);

        assertThat(verdict.ready()).isFalse();
        assertThat(verdict.reason()).contains("differs from the declared");
    }

    @Test
    void allowedDeclaredButDisallowedDetectedType_isRejected() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;".getBytes(StandardCharsets.ISO_8859_1);
        UploadPolicy pngOnly = new UploadPolicy(List.of("image/png"), 1 << 20, 1 << 20);

        ContentCheck.Verdict verdict = new ContentCheck(pngOnly).decide("image/png", gif.length, "image/gif",
                gif.length);

        assertThat(verdict.ready()).isFalse();
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
