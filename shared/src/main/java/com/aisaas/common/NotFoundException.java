package com.aisaas.common;

/** No such resource for this caller (also for other owners' resources) (404). */
public class NotFoundException extends ClientErrorException {

    public NotFoundException(String message) {
        super(404, "not-found", "Not found", message, null);
    }

    public NotFoundException(String message, Throwable cause) {
        super(404, "not-found", "Not found", message, cause);
    }
}
