package io.quintet.synkronus.bundle.rest;

import io.quintet.synkronus.bundle.repository.BundleRepository.FileContent;
import io.quintet.synkronus.bundle.service.BundleService;
import io.quintet.synkronus.bundle.service.MimeTypes;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.RequestState;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.user.service.PresenceRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** App bundles (synkronus.md 10). */
@Path("/api/app-bundle")
public class BundleResource {

    private final BundleService bundles;
    private final RequestState request;
    private final PresenceRecorder presence;

    public BundleResource(BundleService bundles, RequestState request, PresenceRecorder presence) {
        this.bundles = bundles;
        this.request = request;
        this.presence = presence;
    }

    @GET
    @Path("/manifest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The active bundle's files with SHA-256 hashes; ETag and If-None-Match")
    public Uni<Response> manifest(
            @HeaderParam("If-None-Match") String ifNoneMatch,
            @HeaderParam("x-ode-client-id") String clientId,
            @HeaderParam("x-ode-version") String odeVersion) {
        String user = request.caller().username();
        return bundles.manifest().map(m -> {
            String etag = m.etag();
            presence.bundleVersion(user, clientId, m.version(), odeVersion);
            if (etag.equals(ifNoneMatch)) {
                return Response.notModified().header("ETag", etag).build();
            }
            return Response.ok(m.json(), MediaType.APPLICATION_JSON_TYPE)
                    .header("ETag", etag)
                    .build();
        });
    }

    @GET
    @Path("/download/{path: .+}")
    @Operation(
            summary = "One file of the active bundle (or of the newest with preview=true); the path may be %2F-encoded")
    public Uni<Response> download(
            @PathParam("path") String path,
            @QueryParam("preview") String preview,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String decoded;
        try {
            decoded = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw SynkronusError.BUNDLE_PATH_INVALID.exception("invalid path encoding");
        }
        boolean isPreview = BundleService.truthy(preview);
        return bundles.file(decoded, isPreview).map(file -> {
            String etag = "\"" + file.sha256() + "\"";
            Response.ResponseBuilder answer = etag.equals(ifNoneMatch) || "*".equals(ifNoneMatch)
                    ? Response.notModified()
                    : Response.ok(file.content());
            answer.header("Content-Type", MimeTypes.of(decoded))
                    .header("ETag", etag)
                    .header("Content-Length", Integer.toString(file.content().length));
            if (isPreview) {
                answer.header("x-is-preview", "true");
            }
            return answer.build();
        });
    }

    @GET
    @Path("/download-zip")
    @Operation(summary = "The active version's uploaded zip (a static file: Last-Modified, If-Modified-Since, Range)")
    public Uni<Response> downloadZip(
            @HeaderParam("Range") String range,
            @HeaderParam("If-Range") String ifRange,
            @HeaderParam("If-Modified-Since") String ifModifiedSince) {
        return bundles.zip()
                .map((FileContent zip) -> StaticFile.answer(
                                zip.content(), zip.modTime(), range, ifRange, ifModifiedSince, "application/zip")
                        .header("Content-Disposition", "attachment; filename=\"bundle.zip\"")
                        .build());
    }

    @GET
    @Path("/versions")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Version names, newest first, the active one marked with ' *'")
    public Uni<Map<String, Object>> versions() {
        return bundles.versions().map(v -> Map.of("versions", v));
    }

    @GET
    @Path("/changes")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Form and UI changes between a version and the next newer one")
    public Uni<Map<String, Object>> changes(
            @QueryParam("current") String current,
            @QueryParam("preview") String preview,
            @QueryParam("target") String ignoredTarget) {
        return bundles.changes(current, "true".equals(preview));
    }

    @POST
    @Path("/push")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    @Operation(summary = "Upload a bundle zip (part 'bundle') as the next version; it is not activated")
    public Uni<Map<String, Object>> push(MultipartFormDataInput form) {
        Collection<FormValue> parts = form == null ? null : form.getValues().get("bundle");
        if (parts == null || parts.isEmpty() || !parts.iterator().next().isFileItem()) {
            throw SynkronusError.BUNDLE_PART_REQUIRED.exception();
        }
        var item = parts.iterator().next().getFileItem();
        java.nio.file.Path file;
        try {
            if (!item.isInMemory() && item.getFile() != null) {
                file = item.getFile();
            } else {
                file = Files.createTempFile("synkronus-bundle", ".zip");
                try (var in = item.getInputStream()) {
                    Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw SynkronusError.MULTIPART_UNREADABLE.exception(e.getMessage());
        }
        return bundles.push(file).map(version -> {
            Map<String, Object> manifest = new LinkedHashMap<>();
            manifest.put("files", null);
            manifest.put("version", version);
            manifest.put(
                    "generatedAt",
                    java.time.Instant.now()
                            .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString());
            manifest.put("hash", "");
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("message", "App bundle successfully pushed");
            answer.put("manifest", manifest);
            return answer;
        });
    }

    @POST
    @Path("/switch/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed(Role.ADMIN)
    @Operation(summary = "Make a version the active one")
    public Uni<Map<String, String>> switchTo(@PathParam("version") String version) {
        return bundles.activate(version).replaceWith(Map.of("message", "Switched to app bundle version " + version));
    }
}
