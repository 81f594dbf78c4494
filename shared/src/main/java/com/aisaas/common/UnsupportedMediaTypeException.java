package com.aisaas.common;

/** The content type is not allowed (415). */
public class UnsupportedMediaTypeException extends ClientErrorException {

    public UnsupportedMediaTypeException(String message) {
        super(415, "unsupported-media-type", "Unsupported media type", message, null);
    }

    public UnsupportedMediaTypeException(String message, Throwable cause) {
        super(415, "unsupported-media-type", "Unsupported media type", message, cause);
    }
}
