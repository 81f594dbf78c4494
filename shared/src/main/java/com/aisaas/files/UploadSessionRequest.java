package com.aisaas.files;

import java.util.Map;

/** Body of {@code POST /api/v1/files/uploads} (schema {@code UploadSessionRequest}). */
public record UploadSessionRequest(String name, Long size, String contentType, Map<String, String> tags) {
}
