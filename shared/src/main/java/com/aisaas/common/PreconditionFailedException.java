package com.aisaas.common;

/** If-Match did not match the resource's current ETag (412). */
public class PreconditionFailedException extends ClientErrorException {

    public PreconditionFailedException(String message) {
        super(412, "precondition-failed", "Precondition failed", message, null);
    }

    public PreconditionFailedException(String message, Throwable cause) {
        super(412, "precondition-failed", "Precondition failed", message, cause);
    }
}
