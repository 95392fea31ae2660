package io.quintet.objectstore.admin;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on the admin web UI and API: scripts only from this server (the UI renders every
 * value as text, and a Content-Security-Policy without inline scripts backs that up), no framing, no
 * MIME sniffing, no caching of admin data.
 */
@ApplicationScoped
public class AdminPageHeaders {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    void install(@Observes Router router) {
        router.route().order(-100).handler(rc -> {
            String path = rc.normalizedPath();
            if (path.contains("/admin/")
                    || path.endsWith("/admin")
                    || path.contains("/api/v1/")
                    || path.contains("/api/v2/")) {
                rc.response()
                        .putHeader("Content-Security-Policy", CSP)
                        .putHeader("X-Content-Type-Options", "nosniff")
                        .putHeader("X-Frame-Options", "DENY")
                        .putHeader("Referrer-Policy", "no-referrer")
                        .putHeader("Cache-Control", "no-store");
            }
            rc.next();
        });
    }
}
