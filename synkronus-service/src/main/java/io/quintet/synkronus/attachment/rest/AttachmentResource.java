package io.quintet.synkronus.attachment.rest;

import io.quintet.synkronus.attachment.repository.AttachmentRepository;
import io.quintet.synkronus.attachment.service.AttachmentService;
import io.quintet.synkronus.attachment.service.UploadedFile;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.ExternalBase;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.RequestState;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.metrics.SynkronusMetrics;
import io.quintet.synkronus.repository.Generation;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestMulti;

/** Attachments (synkronus.md 9): manifest, upload, download, HEAD, export zip. */
@Path("/api/attachments")
public class AttachmentResource {

    private final AttachmentService service;
    private final AttachmentRepository attachments;
    private final JsonBodies json;
    private final ExternalBase base;
    private final RequestState request;
    private final SynkronusMetrics metrics;

    public AttachmentResource(
            AttachmentService service,
            AttachmentRepository attachments,
            JsonBodies json,
            ExternalBase base,
            RequestState request,
            SynkronusMetrics metrics) {
        this.service = service;
        this.attachments = attachments;
        this.json = json;
        this.base = base;
        this.request = request;
        this.metrics = metrics;
    }

    @POST
    @Path("/manifest")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Attachment operations after since_version, the latest per attachment, with download URLs")
    public Uni<Map<String, Object>> manifest(
            byte[] body, @HeaderParam(Generation.HEADER) String generation, @Context HttpServerRequest http) {
        var node = json.tree(body, SynkronusError.INVALID_REQUEST_BODY);
        return service.manifest(node, generation, base.of(http), request.legacy());
    }

    @PUT
    @Path("/{attachment_id}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Allowed({Role.READ_WRITE, Role.ADMIN})
    @Blocking
    @Operation(summary = "Upload an attachment: multipart/form-data with exactly one file part named file")
    @RequestBody(
            content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(type = SchemaType.OBJECT)))
    public Uni<Map<String, String>> upload(
            @PathParam("attachment_id") String id,
            @HeaderParam("Content-Type") String contentType,
            @HeaderParam(Generation.HEADER) String generation,
            InputStream body) {
        AttachmentService.requireValidId(id);
        // the body is read here, on a worker thread, as it arrives (the route's middleware has run)
        UploadedFile part = MultipartFile.read(body, contentType, service.maxUploadBytes());
        return service.upload(id, part, generation)
                .eventually(() -> AttachmentService.deleteQuietly(part.file()))
                .replaceWith(Map.of("status", "success"));
    }

    @GET
    @Path("/{attachment_id}")
    @Operation(summary = "Download an attachment (the original with ?original=true when one was kept)")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<io.vertx.core.buffer.Buffer> download(
            @PathParam("attachment_id") String id,
            @QueryParam("original") String original,
            @Context RoutingContext routing) {
        AttachmentService.requireValidId(id);
        // the streamed answer is marked chunked before its headers are added; with the length known,
        // it must go out as a plain body (both headers at once is invalid HTTP/1.1, and a client that
        // trusts Content-Length would read the chunk framing as content)
        routing.addHeadersEndHandler(v -> {
            var headers = routing.response().headers();
            if (headers.contains(HttpHeaders.CONTENT_LENGTH)) {
                headers.remove(HttpHeaders.TRANSFER_ENCODING);
            }
        });
        Uni<AttachmentRepository.Stored> found = attachments
                .resolve(id, AttachmentService.truthy(original))
                .map(o -> o.orElseThrow(() -> SynkronusError.ATTACHMENT_NOT_FOUND.exception()));
        // headers are known once the object is found; the bytes follow chunk by chunk
        return RestMulti.fromUniResponse(
                found,
                object -> attachments
                        .read(object)
                        .invoke(b -> metrics.downloaded(b.length()))
                        .map(Buffer::getDelegate),
                object -> Map.of(
                        "Content-Type",
                        List.of(MediaType.APPLICATION_OCTET_STREAM),
                        "Content-Disposition",
                        List.of("attachment; filename=" + id),
                        "Content-Length",
                        List.of(Long.toString(object.size()))),
                object -> 200);
    }

    @HEAD
    @Path("/{attachment_id}")
    @Operation(summary = "Whether an attachment exists")
    public Uni<Response> head(@PathParam("attachment_id") String id, @QueryParam("original") String original) {
        if (id == null || id.isEmpty() || !io.quintet.synkronus.attachment.service.AttachmentIds.valid(id)) {
            return Uni.createFrom().item(Response.status(400).build());
        }
        return attachments
                .resolve(id, AttachmentService.truthy(original))
                .map(found -> found.map(o -> Response.ok()
                                .header("Content-Type", MediaType.APPLICATION_OCTET_STREAM)
                                .header("Content-Length", Long.toString(o.size()))
                                .build())
                        .orElseGet(() -> Response.status(404).build()));
    }

    @GET
    @Path("/export-zip")
    @Blocking
    @Operation(summary = "Every current attachment in one zip (originals preferred), entries named by id")
    public Response exportZip() {
        List<String> ids = attachments.current().await().indefinitely();
        StreamingOutput zip = (OutputStream out) -> {
            try (ZipOutputStream z = new ZipOutputStream(out)) {
                for (String id : ids) {
                    var object = attachments.resolve(id, true).await().indefinitely();
                    if (object.isEmpty()) {
                        continue;
                    }
                    z.putNextEntry(new ZipEntry(id));
                    for (Buffer chunk :
                            attachments.read(object.get()).subscribe().asIterable()) {
                        z.write(chunk.getBytes());
                    }
                    z.closeEntry();
                }
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"attachments_export.zip\"")
                .build();
    }
}
