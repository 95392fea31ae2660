package io.quintet.linkora.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quintet.linkora.http.LinkoraRoutes;
import io.quintet.linkora.http.Reply;
import io.quintet.linkora.http.RouteRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * {@code GET /linkora/q/openapi}: the service's hand-written OpenAPI description
 * ({@code META-INF/openapi.yaml}; the routes are plain Vert.x routes, there is nothing to scan).
 * YAML by default, JSON for {@code ?format=json} or {@code Accept: application/json}, as Quarkus'
 * OpenAPI endpoint answers. Served here rather than by the OpenAPI extension, which builds its
 * model at every start and keeps about 5 MB of classes in an idle replica for a static file.
 */
@ApplicationScoped
public class OpenApiDocument implements LinkoraRoutes {

    static final String RESOURCE = "META-INF/openapi.yaml";
    private static final String YAML_TYPE = "application/yaml;charset=UTF-8";
    private static final String JSON_TYPE = "application/json;charset=UTF-8";

    private final ObjectMapper json;
    private volatile Buffer yaml;
    /** Converted on first request: the YAML parser is loaded only if someone asks for JSON. */
    private volatile Buffer converted;

    public OpenApiDocument(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.publicGet("q/openapi", (ignored, ctx) -> Uni.createFrom().item(() -> answer(ctx)));
    }

    private Reply answer(RoutingContext ctx) {
        String format = ctx.request().getParam("format");
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        boolean wantsJson = format != null
                ? format.equalsIgnoreCase("json")
                : accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
        return wantsJson ? new Reply.Bytes(JSON_TYPE, json()) : new Reply.Bytes(YAML_TYPE, yaml());
    }

    private Buffer yaml() {
        Buffer document = yaml;
        if (document == null) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the build");
                }
                document = Buffer.buffer(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            yaml = document;
        }
        return document;
    }

    private Buffer json() {
        Buffer document = converted;
        if (document == null) {
            try {
                document = Buffer.buffer(json.writeValueAsBytes(new YAMLMapper().readTree(yaml().getBytes())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            converted = document;
        }
        return document;
    }
}
