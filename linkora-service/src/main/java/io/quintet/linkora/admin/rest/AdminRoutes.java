package io.quintet.linkora.admin.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.linkora.admin.AdminConfig;
import io.quintet.linkora.error.LinkoraError;
import io.quintet.linkora.error.LinkoraException;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.Reply;
import io.quintet.linkora.http.RouteHandlers;
import io.quintet.linkora.http.RouteRegistry;
import io.quintet.linkora.importer.ImportRefused;
import io.quintet.linkora.importer.ReferenceImporter;
import io.quintet.linkora.importer.SourceDatabase;
import io.quintet.linkora.importer.SourceUnreadable;
import io.quintet.protocol.auth.AdminBearer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code POST /admin/import}: imports a reference server's database (the {@code quintet linkora
 * import} command calls it). Guarded by {@code LINKORA_ADMIN_TOKEN}, not by the server token the apps
 * hold; without that setting the route is not served (404).
 * <ul>
 *   <li>{@code Content-Type: application/json}, body {@code {"url", "user", "password", "replace"}}: a
 *   PostgreSQL, MySQL or SQLite database the service can reach ({@code jdbc:} prefix optional);</li>
 *   <li>any other content type: the body is a SQLite database file, {@code ?replace=true} optional.</li>
 * </ul>
 * Answers the per-table counts as JSON; 409 when the service already holds data and
 * {@code replace} was not asked for; 400 when the source cannot be opened.
 */
@ApplicationScoped
public class AdminRoutes implements LinkoraRoutes {

    static final String IMPORT = "/admin/import";

    private final AdminBearer token;
    private final AdminConfig config;
    private final ReferenceImporter importer;
    private final Vertx vertx;

    public AdminRoutes(AdminConfig config, ReferenceImporter importer, Vertx vertx) {
        this.config = config;
        this.token = AdminBearer.of(config.token());
        this.importer = importer;
        this.vertx = vertx;
    }

    @Override
    public void register(RouteRegistry routes) {
        if (!token.enabled()) {
            return;
        }
        RouteHandlers handlers = routes.handlers();
        BodyHandler json = BodyHandler.create(false).setBodyLimit(64 * 1024);
        routes.router().route(IMPORT).handler(ctx -> {
            if (ctx.request().method() != HttpMethod.POST) {
                ctx.response().setStatusCode(405).end();
                return;
            }
            switch (token.check(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
                case ADMITTED -> {}
                case MISSING -> {
                    handlers.answer(ctx, LinkoraError.ADMIN_TOKEN_MISSING);
                    return;
                }
                case DISABLED, WRONG -> {
                    handlers.answer(ctx, LinkoraError.ADMIN_TOKEN_WRONG);
                    return;
                }
            }
            String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                ctx.next();
            } else {
                uploadedSqlite(ctx, handlers);
            }
        });
        routes.router().route(HttpMethod.POST, IMPORT).handler(json).handler(ctx -> fromUrl(ctx, handlers));
    }

    private void fromUrl(RoutingContext ctx, RouteHandlers handlers) {
        String url;
        String user;
        String password;
        boolean replace;
        try {
            JsonNode body = handlers.parse(ctx.body().buffer());
            url = text(body, "url");
            user = text(body, "user");
            password = text(body, "password");
            replace = body.path("replace").asBoolean(false);
        } catch (LinkoraException e) {
            handlers.write(
                    ctx, Reply.text(400, "Expected a JSON object {\"url\", \"user\", \"password\", \"replace\"}."));
            return;
        }
        SourceDatabase source;
        try {
            source = SourceDatabase.of(url);
        } catch (IllegalArgumentException e) {
            handlers.write(ctx, Reply.text(400, e.getMessage()));
            return;
        }
        run(
                ctx,
                handlers,
                source,
                user,
                password,
                replace,
                source.kind().name().toLowerCase(Locale.ROOT) + " database",
                null);
    }

    /** Streams the uploaded file to a temporary file (never into the heap), then imports it. */
    private void uploadedSqlite(RoutingContext ctx, RouteHandlers handlers) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parseLength(length) > config.maxImportSize().asLongValue()) {
            handlers.write(ctx, Reply.text(413, "The file is larger than LINKORA_ADMIN_MAX_IMPORT_SIZE."));
            return;
        }
        boolean replace = "true".equals(request.getParam("replace"));
        request.pause();
        io.vertx.core.Vertx core = vertx.getDelegate();
        core.fileSystem().createTempFile("linkora-import-", ".db").onComplete(created -> {
            if (created.failed()) {
                handlers.fail(ctx, created.cause());
                return;
            }
            String file = created.result();
            core.fileSystem()
                    .open(file, new OpenOptions().setWrite(true).setTruncateExisting(true))
                    .onComplete(opened -> {
                        if (opened.failed()) {
                            handlers.fail(ctx, opened.cause());
                            return;
                        }
                        request.pipeTo(opened.result()).onComplete(piped -> {
                            if (piped.failed()) {
                                core.fileSystem().delete(file);
                                handlers.fail(ctx, piped.cause());
                                return;
                            }
                            run(
                                    ctx,
                                    handlers,
                                    SourceDatabase.sqliteFile(Path.of(file)),
                                    null,
                                    null,
                                    replace,
                                    "uploaded SQLite database",
                                    file);
                        });
                    });
        });
    }

    private void run(
            RoutingContext ctx,
            RouteHandlers handlers,
            SourceDatabase source,
            String user,
            String password,
            boolean replace,
            String label,
            String temporaryFile) {
        vertx.executeBlocking(() -> importer.importFrom(source, user, password, replace, label), false)
                .eventually(() -> temporaryFile == null
                        ? Uni.createFrom().voidItem()
                        : vertx.fileSystem().delete(temporaryFile).onFailure().recoverWithNull())
                .subscribe()
                .with(report -> handlers.write(ctx, report), failure -> {
                    if (failure instanceof ImportRefused refused) {
                        handlers.write(ctx, Reply.text(409, refused.getMessage()));
                    } else if (failure instanceof SourceUnreadable unreadable) {
                        handlers.write(ctx, Reply.text(400, unreadable.getMessage()));
                    } else {
                        handlers.fail(ctx, failure);
                    }
                });
    }

    private static String text(JsonNode body, String key) {
        JsonNode value = body.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
