package io.quintet.kosync.http;

/**
 * The protocol's error catalogue (spec 4.4) plus the statuses of our own extensions. The numeric
 * code travels in the body and is not the HTTP status; messages are byte-exact.
 */
public enum KosyncError {
    ACCEPT_NOT_SET(412, 100, "Accept header not set."),
    ACCEPT_INVALID(412, 101, "Invalid Accept header format."),
    ACCEPT_UNSUPPORTED_VERSION(412, 102, "Unsupported version specified in the Accept header."),
    INVALID_JSON(400, 103, "Could not parse JSON in body."),
    BODY_NOT_OBJECT(400, 104, "Body should be a JSON hash."),
    STORAGE(502, 2000, "Unknown server error."),
    UNAUTHORIZED(401, 2001, "Unauthorized"),
    USERNAME_TAKEN(402, 2002, "Username is already registered."),
    INVALID_REQUEST(403, 2003, "Invalid request"),
    DOCUMENT_MISSING(403, 2004, "Field 'document' not provided."),
    REGISTRATION_DISABLED(402, 2005, "User registration is disabled."),
    ACCOUNT_NOT_FOUND(404, 2006, "Account not found."),

    // Not in the protocol: framework-level answers, kept in the same envelope so every body is JSON.
    BAD_REQUEST(400, 400, "Bad request."),
    NOT_FOUND(404, 404, "Not found."),
    METHOD_NOT_ALLOWED(405, 405, "Method not allowed."),
    BODY_TOO_LARGE(413, 413, "Request body too large."),

    // The admin API speaks plain HTTP statuses with the protocol's codes.
    ADMIN_INVALID_REQUEST(400, 2003, "Invalid request"),
    ADMIN_USERNAME_TAKEN(409, 2002, "Username is already registered."),
    ADMIN_UNREADABLE_IMPORT(422, 2003, "Import file not recognised.");

    public final int status;
    public final int code;
    public final String message;

    KosyncError(int status, int code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }
}
