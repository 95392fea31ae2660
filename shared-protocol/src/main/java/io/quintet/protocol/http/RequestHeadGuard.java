package io.quintet.protocol.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.core.http.impl.HttpUtils;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Answers, in the service's own shape, the requests Vert.x Web would refuse before any route of the
 * service runs, and passes every other request on unchanged:
 *
 * <ul>
 *   <li>a request target {@link URI} cannot parse, such as a broken percent-escape ({@code /a%zz}): 400.
 *       Quarkus answers those with an empty 400 before its root handler, unless its URI validation is
 *       handed over to this guard ({@code ServiceFallbacks} does);
 *   <li>an HTTP/1.1 request without a valid {@code Host} (an HTTP/2 one without {@code :authority}): 400.
 *       HTTP/1.0 needs no {@code Host} and passes, as Vert.x lets it;
 *   <li>a request target that is not an absolute path ({@code GET *}, {@code OPTIONS *}): 404, an empty
 *       one 400, as Vert.x Web decides;
 *   <li>a path outside the service's root path ({@code quarkus.http.root-path}): 404. Quarkus answers
 *       those on its outer router, which no service can reach, with an HTML page.
 * </ul>
 *
 * A refused request with body bytes still on their way gets {@code Connection: close} and the
 * connection is closed ({@link BodyLimit#refuseAndClose}); otherwise the connection stays open for
 * the next request.
 */
public final class RequestHeadGuard implements Handler<HttpServerRequest> {

    /** Ends the answer to a refused request with the given status, in the service's own shape. */
    @FunctionalInterface
    public interface Refusal {
        void answer(HttpServerRequest request, int status);
    }

    private final Handler<HttpServerRequest> next;
    private final String rootPath;
    private final Refusal refusal;

    /**
     * @param rootPath the service's root path ({@code /kosync}); {@code /} or empty when it serves every path
     */
    public RequestHeadGuard(Handler<HttpServerRequest> next, String rootPath, Refusal refusal) {
        this.next = next;
        this.rootPath = rootPath == null || rootPath.equals("/")
                ? ""
                : rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        this.refusal = refusal;
    }

    /** The handler this guard passes accepted requests to. */
    public Handler<HttpServerRequest> next() {
        return next;
    }

    @Override
    public void handle(HttpServerRequest request) {
        int status = refusedWith(request);
        if (status == 0) {
            next.handle(request);
            return;
        }
        if (BodyLimit.bodyPending(request)) {
            BodyLimit.refuseAndClose(request, () -> refusal.answer(request, status));
        } else {
            refusal.answer(request, status);
            // Quarkus paused the request before routing: let its end (and the next request) through
            request.resume();
        }
    }

    /** The status a request is refused with, or 0 when it passes. */
    int refusedWith(HttpServerRequest request) {
        if (!parses(request.uri())) {
            return 400;
        }
        if (request.version() != HttpVersion.HTTP_1_0
                && request instanceof HttpServerRequestInternal internal
                && !internal.isValidAuthority()) {
            return 400;
        }
        String path = request.path();
        if (path == null || path.isEmpty()) {
            return 400;
        }
        if (path.charAt(0) != '/') {
            return 404;
        }
        try {
            return underRoot(HttpUtils.normalizePath(path)) ? 0 : 404;
        } catch (IllegalArgumentException e) {
            return 400;
        }
    }

    private static boolean parses(String uri) {
        try {
            new URI(uri);
            return true;
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    private boolean underRoot(String path) {
        return rootPath.isEmpty()
                || path.equals(rootPath)
                || (path.startsWith(rootPath) && path.charAt(rootPath.length()) == '/');
    }
}
