package com.aisaas.functions;

import com.aisaas.common.UnsupportedMediaTypeException;
import com.aisaas.files.DirectUpload;
import com.aisaas.files.InvalidFieldException;
import com.aisaas.files.MultipartUploads;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the file of {@code POST /api/v1/files} from the request. The Functions host hands the function the raw
 * bytes only for {@code application/octet-stream} and {@code multipart/*} bodies; it decodes any other body to text,
 * which the Java worker cannot bind to {@code byte[]}, so such a request fails in the host with an empty 500 before it
 * gets here (docs/functions-host.md §1.4.1; the one exception, a JSON array of numbers, is refused here with 415).
 * These are the two forms:
 * <ul>
 *   <li>{@code multipart/form-data} with one file part: its {@code filename} and {@code Content-Type} name the
 *       file;</li>
 *   <li>{@code application/octet-stream}: the body is the file; its name is {@code X-File-Name} (percent-encoded
 *       UTF-8 for non-ASCII names) or the {@code name} query parameter, its type {@code X-File-Content-Type} or the
 *       {@code contentType} query parameter.</li>
 * </ul>
 */
final class UploadRequests {

    static final String FILE_NAME = "X-File-Name";
    static final String FILE_CONTENT_TYPE = "X-File-Content-Type";
    /** Room for the multipart framing around a file of the maximum size. */
    static final int MULTIPART_OVERHEAD = 16 * 1024;

    private UploadRequests() {
    }

    static DirectUpload read(Http.Call call, byte[] body, long maxFileBytes) {
        String contentType = call.header(Http.CONTENT_TYPE);
        if (body == null || body.length == 0) {
            throw new InvalidFieldException("body", "the file is empty");
        }
        if (MultipartUploads.isMultipart(contentType)) {
            if (body.length > maxFileBytes + MULTIPART_OVERHEAD) {
                throw new com.aisaas.common.PayloadTooLargeException("The body is " + body.length
                        + " bytes; direct uploads take files of at most " + maxFileBytes
                        + " bytes. Use POST /api/v1/files/uploads for larger files.");
            }
            return MultipartUploads.parse(body, contentType, maxFileBytes);
        }
        if (contentType != null && !mediaType(contentType).equals("application/octet-stream")) {
            throw new UnsupportedMediaTypeException("Send the file as application/octet-stream (with " + FILE_NAME
                    + " and " + FILE_CONTENT_TYPE + ") or as multipart/form-data.");
        }
        String header = call.header(FILE_NAME);
        String name = header != null ? percentDecode(FILE_NAME, header) : call.query("name");
        String nameField = header != null ? FILE_NAME : "name";
        String type = call.header(FILE_CONTENT_TYPE);
        String typeField = FILE_CONTENT_TYPE;
        if (type == null && call.query("contentType") != null) {
            type = call.query("contentType");
            typeField = "contentType";
        }
        return new DirectUpload(name, nameField, type, typeField, body);
    }

    private static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    }

    /** RFC 3986 percent-decoding into UTF-8 ({@code +} stays {@code +}); 400 for bad escapes or bytes. */
    static String percentDecode(String field, String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new InvalidFieldException(field, "incomplete percent-encoding");
                }
                int hi = Character.digit(value.charAt(i + 1), 16);
                int lo = Character.digit(value.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidFieldException(field, "invalid percent-encoding");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidFieldException(field, "the percent-encoded bytes are not UTF-8", e);
        }
    }
}
