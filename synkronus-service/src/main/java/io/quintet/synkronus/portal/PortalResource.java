package io.quintet.synkronus.portal;

import io.quintet.synkronus.bundle.service.MimeTypes;
import io.quintet.synkronus.error.PlainText;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The Synkronus Portal (a static single-page app calling this API), served from a directory the
 * operator fills with a Portal build (SYNKRONUS_PORTAL_DIR): an existing file is served, any
 * other path gets index.html, as the reference serves its embedded Portal.
 */
@Path("/portal")
public class PortalResource {

    private final java.nio.file.Path root;

    public PortalResource(io.quintet.synkronus.config.SynkronusConfig config) {
        this.root = java.nio.file.Path.of(config.portalDir()).toAbsolutePath().normalize();
    }

    @GET
    @Blocking
    @Operation(summary = "The Portal's index.html")
    public Response index() {
        return serve("");
    }

    @GET
    @Path("/{path: .*}")
    @Blocking
    @Operation(summary = "A Portal asset, or index.html for the app's own routes")
    public Response asset(@PathParam("path") String path) {
        return serve(path);
    }

    private Response serve(String path) {
        java.nio.file.Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            file = root.resolve("index.html");
        }
        if (!Files.isRegularFile(file)) {
            return PlainText.of(404, "Portal not installed: put a Portal build in " + root);
        }
        try {
            String name = file.getFileName().toString();
            return Response.ok(Files.readAllBytes(file))
                    .header("Content-Type", MimeTypes.of(name))
                    .header("Cache-Control", name.equals("index.html") ? "no-cache" : "public, max-age=3600")
                    .build();
        } catch (IOException e) {
            return PlainText.of(500, "cannot read the Portal");
        }
    }
}
