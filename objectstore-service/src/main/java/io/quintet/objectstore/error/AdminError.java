package io.quintet.objectstore.error;

/** The admin API's error catalogue (6.2): code, HTTP status, text. Bodies are {@code {"error","message"}}. */
public enum AdminError {
    NO_SESSION(401, "log in first: POST /api/v2/sessions, then Authorization: Bearer <token>"),
    BAD_CREDENTIALS(401, "wrong user name or password"),
    FORBIDDEN(403, "this user may not do that (admin role required)"),
    NOT_FOUND(404, "no such item"),
    NO_ROUTE(404, "no such route"),
    METHOD_NOT_ALLOWED(405, "this route does not take that method"),
    NOT_ACCEPTABLE(406, "this route cannot answer in the media type asked for"),
    BAD_REQUEST(400, "bad request"),
    CONFLICT(409, "conflicts with the current state"),
    UNSUPPORTED_MEDIA(415, "send application/json"),
    TOO_LARGE(413, "request body too large"),
    UNAVAILABLE(503, "the database cannot be reached; try again shortly"),
    INTERNAL(500, "internal error; see the server's log events");

    public final int status;
    public final String text;

    AdminError(int status, String text) {
        this.status = status;
        this.text = text;
    }

    /** The entry for a status Vert.x or Quarkus decided on (no route, wrong method, a failure no mapper saw). */
    public static AdminError forStatus(int status) {
        return switch (status) {
            case 401 -> NO_SESSION;
            case 403 -> FORBIDDEN;
            case 404 -> NO_ROUTE;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : BAD_REQUEST;
        };
    }

    public AdminException with(String detail) {
        return new AdminException(this, detail);
    }

    public AdminException get() {
        return new AdminException(this, text);
    }
}
