package io.quintet.kora.message;

/** The {@code error.code} values of kora.md 8.1. */
public final class ErrorCodes {

    public static final String MAX_CONNECTIONS = "MAX_CONNECTIONS";
    public static final String AUTH_FAILED = "AUTH_FAILED";
    public static final String DUPLICATE_HANDSHAKE = "DUPLICATE_HANDSHAKE";
    public static final String INVALID_TIMESTAMP = "INVALID_TIMESTAMP";
    public static final String RATE_LIMIT = "RATE_LIMIT";
    public static final String OPERATION_TOO_LARGE = "OPERATION_TOO_LARGE";
    public static final String CONSTRAINT_VIOLATION = "CONSTRAINT_VIOLATION";
    public static final String REFERENTIAL_INTEGRITY = "REFERENTIAL_INTEGRITY";
    public static final String SCOPE_VIOLATION = "SCOPE_VIOLATION";
    public static final String SYNC_ERROR = "SYNC_ERROR";

    private ErrorCodes() {
    }
}
