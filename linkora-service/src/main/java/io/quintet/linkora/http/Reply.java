package io.quintet.linkora.http;

import io.vertx.core.buffer.Buffer;

/** What a route answers besides a plain JSON 200 (which handlers return as the body object itself). */
public sealed interface Reply {

    /** 200 with an empty body and no content type (spec 7.1.1). */
    record Empty() implements Reply {}

    /** 200 with a JSON body. */
    record Json(Object body) implements Reply {}

    /** A text answer, e.g. the 400 of the delta routes (spec 4.3). */
    record Text(int status, String text) implements Reply {}

    /** An HTML page. */
    record Html(String html) implements Reply {}

    /** Bytes of a given type. */
    record Bytes(String contentType, Buffer bytes) implements Reply {}

    /** The route wrote and ended the answer itself (a streamed one): nothing left to write. */
    record Written() implements Reply {}

    static Reply empty() {
        return new Empty();
    }

    static Reply text(int status, String text) {
        return new Text(status, text);
    }

    static Reply html(String html) {
        return new Html(html);
    }
}
