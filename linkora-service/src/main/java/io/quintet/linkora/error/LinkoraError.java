package io.quintet.linkora.error;

/**
 * Every error linkora-service answers on its own, with the status and body its clients expect
 * (spec 4 and 6; the admin routes' texts are ours). Thrown as a {@link LinkoraException} anywhere
 * below the edge and turned into an answer only there ({@code http.RouteHandlers}); an empty text
 * means an empty body without a {@code Content-Type}, as the reference answers.
 */
public enum LinkoraError {

    /** Malformed JSON, a wrong type, a missing non-nullable field, an unknown enum name (spec 4.1). */
    BAD_REQUEST(400, ""),
    /** A path no route serves, in or outside {@code /linkora}, or a target such as {@code *} (spec 2.4). */
    UNKNOWN_PATH(404, ""),
    /** A path some route serves, with another method (spec 2.4). */
    WRONG_METHOD(405, ""),
    /** A body over {@code LINKORA_MAX_BODY_SIZE}, declared or received; empty like the other 4xx answers. */
    BODY_TOO_LARGE(413, ""),
    /** A mutation whose body is not declared {@code application/json} (spec 4.1). */
    UNSUPPORTED_MEDIA_TYPE(415, ""),
    /**
     * A last-write-wins refusal (spec 6.2): a row is newer than the client's edit. A short text (issue
     * decision on D3; the reference's 500 with a stack trace is not copied); nothing is stored, no event sent.
     */
    LWW_CONFLICT(409, "This row already contains the latest data."),
    /** The admin routes without an admin bearer token. */
    ADMIN_TOKEN_MISSING(401, "Admin token required: send Authorization: Bearer <LINKORA_ADMIN_TOKEN>."),
    /** The admin routes with another token than {@code LINKORA_ADMIN_TOKEN}. */
    ADMIN_TOKEN_WRONG(401, "Invalid admin token."),
    /** Anything unexpected; logged with its cause, never shown. */
    INTERNAL_ERROR(500, "Internal server error.");

    public final int status;
    public final String text;

    LinkoraError(int status, String text) {
        this.status = status;
        this.text = text;
    }

    /** This error as an exception; {@code detail} is for the log and tests, never answered. */
    public LinkoraException exception(String detail) {
        return new LinkoraException(this, detail);
    }

    public LinkoraException exception() {
        return new LinkoraException(this, text.isEmpty() ? name() : text);
    }
}
