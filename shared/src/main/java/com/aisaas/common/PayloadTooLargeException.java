package com.aisaas.common;

/** The body or the declared size is over the limit (413). */
public class PayloadTooLargeException extends ClientErrorException {

    public PayloadTooLargeException(String message) {
        super(413, "payload-too-large", "Payload too large", message, null);
    }

    public PayloadTooLargeException(String message, Throwable cause) {
        super(413, "payload-too-large", "Payload too large", message, cause);
    }
}
