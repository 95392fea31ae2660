package io.quintet.synkronus.error;

import jakarta.ws.rs.core.Response;

/** Plain-text middleware answers (synkronus.md 1.4, shape 2): the status text and a newline. */
public final class PlainText {

    public static final String TYPE = "text/plain; charset=utf-8";

    private PlainText() {}

    public static Response of(int status, String text) {
        return Response.status(status)
                .header("Content-Type", TYPE)
                .entity(text + "\n")
                .build();
    }

    public static Response unauthorized() {
        return of(401, "Unauthorized");
    }

    public static Response forbidden() {
        return of(403, "Forbidden");
    }
}
