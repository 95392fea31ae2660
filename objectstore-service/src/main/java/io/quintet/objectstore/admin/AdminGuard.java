package io.quintet.objectstore.admin;

import io.quintet.objectstore.admin.rest.AdminErrorMapper;
import io.quintet.objectstore.error.AdminError;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Every route of an {@link AdminRoute} resource needs a session: a bearer token (API) or the session
 * cookie (web UI). Reads are open to admin and viewer users, writes to admins only. A cookie-borne
 * write must carry the header {@code X-Objectstore-Admin: 1} (a custom header another site cannot
 * send without a CORS preflight), so no other page can drive the admin with the operator's cookie;
 * the cookie itself is HttpOnly and SameSite=Strict.
 */
public class AdminGuard {

    public static final String COOKIE = "objectstore_admin";
    public static final String CSRF_HEADER = "X-Objectstore-Admin";

    private final AdminSessions sessions;

    public AdminGuard(AdminSessions sessions) {
        this.sessions = sessions;
    }

    @ServerRequestFilter
    public Uni<Response> guard(ContainerRequestContext request, SimpleResourceInfo resource, RoutingContext routing) {
        if (resource == null
                || resource.getResourceClass() == null
                || !resource.getResourceClass().isAnnotationPresent(AdminRoute.class)) return null;
        String token = token(request);
        if (token == null)
            return Uni.createFrom().item(AdminErrorMapper.body(AdminError.NO_SESSION, AdminError.NO_SESSION.text));
        boolean write =
                !(request.getMethod().equals("GET") || request.getMethod().equals("HEAD"));
        if (write && fromCookie(request) && !"1".equals(request.getHeaderString(CSRF_HEADER)))
            return Uni.createFrom()
                    .item(AdminErrorMapper.body(AdminError.FORBIDDEN, "missing " + CSRF_HEADER + " header"));
        return sessions.caller(token).map(found -> {
            if (found.isEmpty())
                return AdminErrorMapper.body(AdminError.NO_SESSION, "session unknown or expired; log in again");
            AdminCaller caller = found.get();
            if (!caller.canRead() || (write && !caller.canWrite() && !readOnlyPost(resource)))
                return AdminErrorMapper.body(AdminError.FORBIDDEN, AdminError.FORBIDDEN.text);
            routing.put(AdminCaller.KEY, caller);
            return null;
        });
    }

    /** A POST that only reads (GraphQL queries): the resource checks the operation itself. */
    private static boolean readOnlyPost(SimpleResourceInfo resource) {
        return resource.getResourceClass().isAnnotationPresent(ReadOnlyPosts.class);
    }

    private static boolean fromCookie(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    static String token(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String t = auth.substring(7).trim();
            return t.isEmpty() ? null : t;
        }
        Cookie cookie = request.getCookies().get(COOKIE);
        return cookie == null || cookie.getValue().isBlank() ? null : cookie.getValue();
    }

    /** On a resource whose POSTs may be reads (GraphQL): the guard admits viewers, the resource refuses their writes. */
    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE)
    public @interface ReadOnlyPosts {}
}
