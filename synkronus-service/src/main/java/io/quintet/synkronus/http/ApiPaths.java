package io.quintet.synkronus.http;

import io.quintet.synkronus.error.ErrorMappers;
import io.quintet.synkronus.error.SynkronusError;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Before routing: the trailing-slash redirect (301, path-only Location) and the legacy generation's
 * paths without {@code /api} (synkronus.md 0.1), which are rewritten to the current route and
 * marked, so both generations run the same code and only the version check differs.
 */
public class ApiPaths {

    /** Operations the December 2025 clients call without /api. */
    static final List<String> LEGACY_PREFIXES =
            List.of("/auth/", "/sync/", "/attachments/", "/app-bundle/", "/users/", "/dataexport/");

    static final List<String> LEGACY_EXACT = List.of("/users", "/version");

    private final String root;
    private final RequestState state;

    public ApiPaths(@ConfigProperty(name = "quarkus.http.root-path") String root, RequestState state) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.state = state;
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> route(ContainerRequestContext request, HttpServerRequest http) {
        // from the request line itself: an absolute request URI needs a Host, which HTTP/1.0 may omit
        String raw = http.path();
        String rawQuery = http.query();
        if (hasNul(raw) || hasNul(rawQuery)) {
            // no name, id or version contains one, and PostgreSQL refuses it in text: refused here
            return Optional.of(ErrorMappers.json(
                    SynkronusError.INVALID_REQUEST_FORMAT, "NUL character in the request path or query", null));
        }
        String path = raw.startsWith(root) ? raw.substring(root.length()) : raw;
        if (path.length() > 1 && path.endsWith("/")) {
            String target = raw.replaceAll("/+$", "");
            if (target.isEmpty()) {
                target = "/";
            }
            String query = rawQuery;
            return Optional.of(Response.status(301)
                    .header("Location", query == null ? target : target + "?" + query)
                    .build());
        }
        if (isLegacy(path)) {
            state.legacy(true);
            String query = rawQuery;
            request.setRequestUri(URI.create(root + "/api" + path + (query == null ? "" : "?" + query)));
        }
        return Optional.empty();
    }

    static boolean hasNul(String raw) {
        return raw != null && (raw.contains("%00") || raw.indexOf('\u0000') >= 0);
    }

    static boolean isLegacy(String path) {
        if (LEGACY_EXACT.contains(path)) {
            return true;
        }
        for (String prefix : LEGACY_PREFIXES) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
