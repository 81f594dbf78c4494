package com.aisaas.common;

/** Well-formed, but cannot be processed as asked (e.g. an Idempotency-Key reused with another body) (422). */
public class UnprocessableException extends ClientErrorException {

    public UnprocessableException(String message) {
        super(422, "unprocessable", "Unprocessable request", message, null);
    }

    public UnprocessableException(String message, Throwable cause) {
        super(422, "unprocessable", "Unprocessable request", message, cause);
    }
}
