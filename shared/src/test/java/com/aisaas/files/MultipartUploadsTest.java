package com.aisaas.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aisaas.common.PayloadTooLargeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartUploadsTest {

    private static final String BOUNDARY = "----aisaas7MA4YWxkTrZu0gW";
    private static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private static byte[] body(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }

    private static String filePart(String filename, String type) {
        return "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n";
    }

    @Test
    void parse_oneFilePart_givesNameTypeAndExactBytes() {
        byte[] content = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, '\r', '\n', '-', '-'};
        byte[] body = body("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n",
                filePart("pixel.png", "image/png"), content, "\r\n--" + BOUNDARY + "--\r\n");

        DirectUpload upload = MultipartUploads.parse(body, CONTENT_TYPE, 100);

        assertThat(upload.name()).isEqualTo("pixel.png");
        assertThat(upload.contentType()).isEqualTo("image/png");
        assertThat(upload.content()).isEqualTo(content);
        assertThat(upload.nameField()).isEqualTo("filename");
    }

    @Test
    void parse_utf8FileName_isDecoded() {
        byte[] body = body(filePart("Résumé.pdf", "application/pdf"), "%PDF", "\r\n--" + BOUNDARY + "--\r\n");

        assertThat(MultipartUploads.parse(body, CONTENT_TYPE, 100).name()).isEqualTo("Résumé.pdf");
    }

    @Test
    void parse_fileOverTheLimit_is413() {
        byte[] body = body(filePart("a.txt", "text/plain"), "x".repeat(101), "\r\n--" + BOUNDARY + "--\r\n");

        assertThatThrownBy(() -> MultipartUploads.parse(body, CONTENT_TYPE, 100))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void parse_twoFiles_noFile_orGarbage_are400() {
        byte[] two = body(filePart("a.txt", "text/plain"), "a\r\n", filePart("b.txt", "text/plain"), "b",
                "\r\n--" + BOUNDARY + "--\r\n");
        byte[] none = body("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--"
                + BOUNDARY + "--\r\n");
        byte[] unterminated = body(filePart("a.txt", "text/plain"), "no end");

        assertThatThrownBy(() -> MultipartUploads.parse(two, CONTENT_TYPE, 100))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("exactly one");
        assertThatThrownBy(() -> MultipartUploads.parse(none, CONTENT_TYPE, 100))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("no file part");
        assertThatThrownBy(() -> MultipartUploads.parse(unterminated, CONTENT_TYPE, 100))
                .isInstanceOf(InvalidFieldException.class);
        assertThatThrownBy(() -> MultipartUploads.parse("garbage".getBytes(), "multipart/form-data", 100))
                .isInstanceOf(InvalidFieldException.class);
    }
}
