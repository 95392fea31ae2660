package io.quintet.protocol.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * A request body limit enforced while the body arrives, so that no request costs more memory than
 * the limit and no refused request keeps the connection busy: a declared {@code Content-Length} over
 * the limit is refused before a byte is read, a chunked body is read only until it passes the limit,
 * and after such a refusal the connection is closed instead of drained. Each service answers the
 * refusal in its own protocol's shape; this class only decides and reads.
 */
public final class BodyLimit {

    /** The failure of {@link #read} when the body passes the limit; no stack trace (it is an answer, not a fault). */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(long limit) {
            super("request body larger than " + limit + " bytes", null, false, false);
        }
    }

    private final long maxBytes;

    public BodyLimit(long maxBytes) {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("body limit out of range: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** The declared {@code Content-Length}, or -1 when none (chunked) or unreadable (Vert.x refuses those itself). */
    public static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the request declares a body longer than the limit: refuse it without reading. */
    public boolean declaredTooLarge(HttpServerRequest request) {
        return declaredLength(request) > maxBytes;
    }

    /**
     * Whether body bytes may still be on their way: a positive {@code Content-Length} or a chunked
     * body that has not ended. An answer given before reading such a body must close the connection
     * ({@link #refuseAndClose}), or the server would read the rest to find the next request.
     */
    public static boolean bodyPending(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        if (declaredLength(request) > 0) {
            return true;
        }
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /**
     * Gives a refusal ({@code answer} ends the response in the service's own shape) marked
     * {@code Connection: close}, then closes the connection once it is written: the rest of a
     * refused body is never handled, and only a bounded part of it is read and dropped so that the
     * client can read the refusal ({@link LingeringClose}). HTTP/2 streams are left to the stream reset.
     */
    public static void refuseAndClose(HttpServerRequest request, Runnable answer) {
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (http1 && !request.response().headWritten()) {
            request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        if (http1) {
            LingeringClose.install(request);
        }
        answer.run();
        if (http1) {
            request.response().close();
        }
    }

    /**
     * Reads the whole body into one buffer sized from {@code Content-Length} (no doubling copies);
     * fails with {@link TooLarge} as soon as the bytes received pass the limit, and reads no
     * further then. The request may be paused (Vert.x Web pauses it before routing): this resumes it.
     */
    public Future<Buffer> read(HttpServerRequest request) {
        Promise<Buffer> done = Promise.promise();
        if (request.isEnded()) {
            done.complete(Buffer.buffer());
            return done.future();
        }
        long declared = declaredLength(request);
        if (declared > maxBytes) {
            done.fail(new TooLarge(maxBytes));
            return done.future();
        }
        Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, maxBytes)));
        request.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBytes) {
                request.pause();
                done.tryFail(new TooLarge(maxBytes));
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(done::tryFail);
        request.endHandler(v -> done.tryComplete(body));
        request.resume();
        return done.future();
    }

    /** Methods whose requests the routes read a body of. */
    public static boolean carriesBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }
}
