package io.quintet.kora.error;

/**
 * Every error this service answers with, in one place: its code, the HTTP status it takes where it
 * is answered over HTTP (the admin API; the sync protocol carries it as an {@code error} or
 * {@code operation-rejected} message instead, kora.md 8), whether a client may retry it, and its
 * text (a {@link String#format} template). Mapped to the wire only at the edges.
 */
public enum KoraError {

    // the sync protocol's error codes (kora.md 8.1)
    MAX_CONNECTIONS("MAX_CONNECTIONS", 503, true, "Server has reached maximum connections (%d)"),
    AUTH_FAILED("AUTH_FAILED", 401, false, "Authentication failed"),
    HANDSHAKE_REQUIRED("AUTH_FAILED", 401, false, "Handshake required before operations"),
    DUPLICATE_HANDSHAKE("DUPLICATE_HANDSHAKE", 409, false, "Handshake already completed"),
    INVALID_TIMESTAMP("INVALID_TIMESTAMP", 400, false, "Operation \"%s\" timestamp is too far in the future"),
    RATE_LIMIT("RATE_LIMIT", 429, true, "Session exceeded operation rate limit (%d ops/min)"),
    OPERATION_TOO_LARGE("OPERATION_TOO_LARGE", 413, false, "Operation \"%s\" exceeds max size (%d > %d bytes)"),
    CONSTRAINT_VIOLATION("CONSTRAINT_VIOLATION", 409, false, "%s"),
    REFERENTIAL_INTEGRITY("REFERENTIAL_INTEGRITY", 409, false, "%s"),
    SCOPE_VIOLATION(
            "SCOPE_VIOLATION", 403, false, "Operation \"%s\" in collection \"%s\" is outside the client's sync scope"),
    /** A frame that is not a valid message (the session keeps working). */
    MALFORMED_MESSAGE("SYNC_ERROR", 400, true, "%s"),
    /** An unexpected failure: never the failure's own text, which may be the database's. */
    SYNC_ERROR("SYNC_ERROR", 500, true, "Internal server error"),

    // operation-rejected codes (kora.md 8.2)
    VALIDATION_ERROR("VALIDATION_ERROR", 422, true, "Validator threw: %s"),
    /** PostgreSQL text cannot hold NUL: such an operation can never be stored, so it is refused for good. */
    INVALID_OPERATION("INVALID_OPERATION", 400, false, "Operation \"%s\" contains a NUL character in %s"),

    // the admin API
    ADMIN_DISABLED("ADMIN_DISABLED", 403, false, "admin API disabled: set kora.admin.token"),
    ADMIN_TOKEN_REQUIRED("UNAUTHORIZED", 401, false, "admin token required"),
    ADMIN_TOKEN_INVALID("UNAUTHORIZED", 401, false, "invalid admin token"),
    INVALID_REQUEST("INVALID_REQUEST", 400, false, "%s"),
    NO_SCHEMA("NO_SCHEMA", 404, false, "no app schema has been set"),
    UNKNOWN_COLLECTION("UNKNOWN_COLLECTION", 404, false, "collection %s is not in the app schema"),
    NOT_FOUND("NOT_FOUND", 404, false, "no live record \"%s\" in %s"),
    INTERNAL_ERROR("INTERNAL_ERROR", 500, false, "internal error"),

    // what no route answered (shared-protocol's ServiceFallbacks, through KoraFallbacks)
    NO_ROUTE("NOT_FOUND", 404, false, "no such path"),
    METHOD_NOT_ALLOWED("METHOD_NOT_ALLOWED", 405, false, "method not allowed here"),
    NOT_ACCEPTABLE("NOT_ACCEPTABLE", 406, false, "no acceptable representation"),
    BODY_TOO_LARGE("PAYLOAD_TOO_LARGE", 413, false, "request body too large"),
    UNSUPPORTED_MEDIA_TYPE("UNSUPPORTED_MEDIA_TYPE", 415, false, "unsupported content type"),
    BAD_REQUEST("INVALID_REQUEST", 400, false, "malformed request");

    private final String code;
    private final int status;
    private final boolean retriable;
    private final String text;

    KoraError(String code, int status, boolean retriable, String text) {
        this.code = code;
        this.status = status;
        this.retriable = retriable;
        this.text = text;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public boolean retriable() {
        return retriable;
    }

    /** The text with its arguments filled in. */
    public String text(Object... args) {
        return args.length == 0 ? text : String.format(text, args);
    }

    /** A failure carrying this error, to be mapped at the edge. */
    public KoraException exception(Object... args) {
        return new KoraException(this, text(args));
    }
}
