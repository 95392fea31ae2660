package io.quintet.synkronus.admin.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.admin.service.ReferenceImport;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.error.SynkronusException;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.Role;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;

/** Quintet's own admin route (not in the reference): take over a Synkronus deployment (`quintet synkronus import`). */
@Path("/api/admin/import")
@Produces(MediaType.APPLICATION_JSON)
public class ImportResource {

    private static final Logger LOG = Logger.getLogger(ImportResource.class);

    private final ReferenceImport importer;
    private final JsonBodies json;

    public ImportResource(ReferenceImport importer, JsonBodies json) {
        this.importer = importer;
        this.json = json;
    }

    @POST
    @Allowed(Role.ADMIN)
    @Operation(
            summary =
                    "Import a Synkronus deployment: {\"database_url\": \"postgres://...\", \"data_dir\": \"/path\"}; answers counts")
    public Uni<Map<String, Object>> importDeployment(byte[] body) {
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        String url = node.path("database_url").asText("");
        if (url.isEmpty()) {
            throw SynkronusError.MISSING_FIELDS.exception("database_url is required");
        }
        return importer.run(url, node.path("data_dir").asText(""))
                .onFailure(e -> !(e instanceof SynkronusException))
                .transform(e -> {
                    LOG.warn("import failed", e);
                    return SynkronusError.IMPORT_FAILED.exception(e.getMessage());
                })
                .map(counts -> {
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("message", "Import completed");
                    answer.put("imported", counts);
                    return answer;
                });
    }
}
