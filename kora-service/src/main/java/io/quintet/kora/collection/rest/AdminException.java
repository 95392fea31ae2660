package io.quintet.kora.collection.rest;

/** A refused admin request: HTTP status plus the {@link AdminError} body. */
public class AdminException extends RuntimeException {

    private final int status;
    private final String code;

    public AdminException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
