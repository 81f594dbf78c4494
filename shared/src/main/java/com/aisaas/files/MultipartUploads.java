package com.aisaas.files;

import com.aisaas.common.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) of {@code POST /api/v1/files} with Apache Commons
 * FileUpload: exactly one file part (the first part with a {@code filename}; its field name does not matter), whose
 * {@code filename} and {@code Content-Type} become the file's name and type. Other (non-file) fields are ignored;
 * a second file part is 400. The parts are streamed from the body and the file is bounded by {@code maxBytes}
 * (413), so nothing larger than the limit is ever buffered twice.
 */
public final class MultipartUploads {

    static final int MAX_PARTS = 10;

    private MultipartUploads() {
    }

    /** Whether {@code contentType} announces a multipart/form-data body. */
    public static boolean isMultipart(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
    }

    /**
     * The one file of {@code body}.
     *
     * @throws InvalidFieldException when the body is not well-formed multipart, has no file part or more than one
     * @throws PayloadTooLargeException when the file part is larger than {@code maxBytes}
     */
    public static DirectUpload parse(byte[] body, String contentType, long maxBytes) {
        Parser parser = new Parser();
        parser.setFileCountMax(MAX_PARTS);
        parser.setHeaderCharset(StandardCharsets.UTF_8);
        try {
            FileItemInputIterator parts = parser.getItemIterator(new Body(body, contentType));
            DirectUpload found = null;
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (part.isFormField() || part.getName() == null) {
                    drain(part.getInputStream());
                    continue;
                }
                if (found != null) {
                    throw new InvalidFieldException("body", "send exactly one file part");
                }
                byte[] content = read(part.getInputStream(), maxBytes);
                found = new DirectUpload(part.getName(), "filename", part.getContentType(), "part Content-Type", content);
            }
            if (found == null) {
                throw new InvalidFieldException("body", "no file part (a part with Content-Disposition: form-data;"
                        + " name=\"file\"; filename=\"...\")");
            }
            return found;
        } catch (FileUploadSizeException e) {
            throw new InvalidFieldException("body", "too many parts (at most " + MAX_PARTS + ")", e);
        } catch (FileUploadException e) {
            throw new InvalidFieldException("body", "not a well-formed multipart/form-data body", e);
        } catch (IOException e) {
            // The body is in memory: an IOException here is malformed input (a boundary that never ends, ...).
            throw new InvalidFieldException("body", "not a well-formed multipart/form-data body", e);
        }
    }

    private static byte[] read(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new PayloadTooLargeException("The file part is larger than " + maxBytes
                        + " bytes; direct uploads take at most that. Use POST /api/v1/files/uploads for larger files.");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    /** The library's parser over our in-memory body (its Jakarta/Servlet front ends are not needed). */
    private static final class Parser extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {

        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws FileUploadException, IOException {
            return super.getItemIterator(request);
        }

        @Override
        public java.util.Map<String, java.util.List<DiskFileItem>> parseParameterMap(RequestContext request)
                throws FileUploadException {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public java.util.List<DiskFileItem> parseRequest(RequestContext request) throws FileUploadException {
            throw new UnsupportedOperationException("streaming only");
        }
    }

    private record Body(byte[] bytes, String contentType) implements RequestContext {

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public Charset getCharset() {
            return StandardCharsets.UTF_8;
        }

        @Override
        public long getContentLength() {
            return bytes.length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }
}
