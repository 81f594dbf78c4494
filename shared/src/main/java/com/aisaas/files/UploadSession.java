package com.aisaas.files;

import java.time.Instant;
import java.util.Map;

/**
 * Answer of {@code POST /api/v1/files/uploads}: where and how to send the bytes (schema {@code UploadSession}).
 *
 * @param uploadUrl a SAS URL that can create and write this one blob only, until {@code expiresAt}
 * @param method {@code PUT} (Put Blob; or Put Block with {@code &comp=block} and Put Block List for large files)
 * @param headers headers the upload request must carry ({@code x-ms-blob-type}, {@code Content-Type})
 */
public record UploadSession(String fileId, String uploadUrl, String method, Map<String, String> headers,
                            Instant expiresAt, FileView file) {
}
