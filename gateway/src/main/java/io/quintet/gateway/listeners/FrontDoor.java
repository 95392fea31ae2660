package io.quintet.gateway.listeners;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quintet.gateway.config.GatewayConfig;
import io.quintet.gateway.routing.ErrorResponses;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * What every listener does before its own handler: HTTPS answers carry {@code Strict-Transport-Security}
 * (when enabled), an HTTP/1.1 request without {@code Host} is refused (RFC 9112 section 3.2), and a
 * request the HTTP decoder could not read (request line or headers too long, NUL or spaces where they
 * may not be, a broken method) gets the gateway's JSON error instead of Vert.x' empty answer.
 */
final class FrontDoor implements Handler<HttpServerRequest> {

    static final CharSequence STRICT_TRANSPORT_SECURITY = HttpHeaders.createOptimized("Strict-Transport-Security");

    private final Handler<HttpServerRequest> next;
    /** The header's value on the HTTPS listener, null on plain ones or when turned off. */
    private final CharSequence hsts;

    private FrontDoor(Handler<HttpServerRequest> next, CharSequence hsts) {
        this.next = next;
        this.hsts = hsts;
    }

    static FrontDoor plain(Handler<HttpServerRequest> next) {
        return new FrontDoor(next, null);
    }

    static FrontDoor secure(Handler<HttpServerRequest> next, GatewayConfig.Hsts settings) {
        return new FrontDoor(next, hstsValue(settings));
    }

    /** The header value, or null when HSTS is off. */
    static CharSequence hstsValue(GatewayConfig.Hsts settings) {
        if (!settings.enabled()) return null;
        String value = "max-age=" + settings.maxAge().toSeconds()
                + (settings.includeSubdomains() ? "; includeSubDomains" : "");
        return HttpHeaders.createOptimized(value);
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (hsts != null) {
            request.response().headers().set(STRICT_TRANSPORT_SECURITY, hsts);
        }
        if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null) {
            ErrorResponses.send(request.response(), 400, "an HTTP/1.1 request needs a Host header");
            return;
        }
        if (!visibleAscii(request.uri())) {
            ErrorResponses.send(
                    request.response(), 400, "the request target may not contain control characters or spaces");
            return;
        }
        next.handle(request);
    }

    /** No control characters or spaces (RFC 3986 wants them percent-encoded); raw UTF-8 is tolerated, as nginx does. */
    static boolean visibleAscii(String uri) {
        if (uri == null) return false;
        for (int i = 0, n = uri.length(); i < n; i++) {
            char c = uri.charAt(i);
            if (c <= 0x20 || c == 0x7f) return false;
        }
        return true;
    }

    /** {@code HttpServer#invalidRequestHandler}: the status Vert.x would give, the gateway's JSON body, then close. */
    void invalid(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = 400;
        String message = "malformed HTTP request";
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line too long";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request headers too large";
        }
        if (hsts != null) {
            request.response().headers().set(STRICT_TRANSPORT_SECURITY, hsts);
        }
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        ErrorResponses.send(request.response(), status, message);
    }
}
