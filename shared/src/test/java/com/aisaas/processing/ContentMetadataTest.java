package com.aisaas.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ContentMetadataTest {

    @Test
    void image_dimensionsFromTheHeader_forPngJpegAndGif() throws Exception {
        for (String format : new String[] {"png", "jpeg", "gif"}) {
            byte[] image = image(format, 321, 123);
            assertThat(ContentMetadata.extract("image/" + format, image))
                    .as(format).containsEntry("width", 321).containsEntry("height", 123);
        }
    }

    @Test
    void pdf_versionAlways_andPageCountOnlyWhenLinearized() {
        byte[] linearized = ("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Linearized 1 /L 23456 /H [ 500 140 ] /O 4 /E 9000"
                + " /N 12 /T 23000 >>\nendobj\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] plain = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThat(ContentMetadata.extract("application/pdf", linearized))
                .containsEntry("pdfVersion", "1.7").containsEntry("pageCount", 12);
        assertThat(ContentMetadata.extract("application/pdf", plain))
                .containsEntry("pdfVersion", "1.4").doesNotContainKey("pageCount");
    }

    @Test
    void text_snippetCollapsesWhitespace_andSaysUtf8_evenWhenTheHeadCutsACharacter() {
        String text = "  Quarterly\treport\r\n\r\nRevenue: 12 €\u0007 up ";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(bytes, bytes.length - 5);
        byte[] cutInEuro = Arrays.copyOf(bytes, text.indexOf('€') + 2); // two of its three bytes

        assertThat(ContentMetadata.extract("text/plain", bytes))
                .containsEntry("snippet", "Quarterly report Revenue: 12 € up").containsEntry("encoding", "UTF-8");
        assertThat(ContentMetadata.extract("text/csv", cut)).containsEntry("encoding", "UTF-8");
        assertThat(ContentMetadata.extract("text/plain", cutInEuro)).containsEntry("encoding", "UTF-8");
        assertThat(ContentMetadata.extract("text/plain", new byte[] {'a', (byte) 0xff, (byte) 0xfe, 'b'}))
                .doesNotContainKey("encoding").containsKey("snippet");
    }

    @Test
    void corruptOrUnknownContent_givesFewerFacts_neverAnError() {
        byte[] notAPng = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};

        Map<String, Object> facts = ContentMetadata.extract("image/png", notAPng);

        assertThat(facts).doesNotContainKeys("width", "height");
        assertThat(ContentMetadata.extract("application/zip", new byte[] {'P', 'K', 3, 4})).isEmpty();
    }

    private static byte[] image(String format, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }
}
