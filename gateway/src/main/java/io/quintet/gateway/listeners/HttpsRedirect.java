package io.quintet.gateway.listeners;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.IntSupplier;

/**
 * {@code quarkus.http.insecure-requests=redirect} on a plain listener: 301 to the same path and query
 * on HTTPS, on the host the client asked for (Host header) and the gateway's HTTPS port. Without a Host
 * header (HTTP/1.0) there is nowhere to send the client: 404, as Quarkus answers.
 */
final class HttpsRedirect implements Handler<HttpServerRequest> {

    private final IntSupplier httpsPort;

    HttpsRedirect(IntSupplier httpsPort) {
        this.httpsPort = httpsPort;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String host = hostWithoutPort(request.getHeader(HttpHeaders.HOST));
        if (host == null || host.isEmpty()) {
            request.response().setStatusCode(404).end();
            return;
        }
        if (!plainHost(host) || !request.uri().startsWith("/")) {
            // never echo a Host like "evil.test/" into a Location
            request.response().setStatusCode(400).end();
            return;
        }
        request.response()
                .setStatusCode(301)
                .putHeader(HttpHeaders.LOCATION, "https://" + host + ":" + httpsPort.getAsInt() + request.uri())
                .end();
    }

    /** A DNS name, IPv4 address or bracketed IPv6 address. */
    static boolean plainHost(String host) {
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        for (int i = bracketed ? 1 : 0; i < (bracketed ? host.length() - 1 : host.length()); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '-'
                    || (bracketed && c == ':');
            if (!ok) return false;
        }
        return true;
    }

    /** {@code example.org:8080} → {@code example.org}, {@code [::1]:8080} → {@code [::1]}. */
    static String hostWithoutPort(String host) {
        if (host == null) return null;
        int colon = host.lastIndexOf(':');
        int bracket = host.lastIndexOf(']');
        return colon > bracket ? host.substring(0, colon) : host;
    }
}
