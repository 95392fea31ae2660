package io.quintet.synkronus.admin.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.synkronus.admin.service.RepositoryReset;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.http.Allowed;
import io.quintet.synkronus.http.JsonBodies;
import io.quintet.synkronus.http.RequestState;
import io.quintet.synkronus.http.Role;
import io.quintet.synkronus.repository.Generation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/admin/repository")
@Produces(MediaType.APPLICATION_JSON)
public class RepositoryResource {

    private final RepositoryReset reset;
    private final JsonBodies json;
    private final RequestState request;

    public RepositoryResource(RepositoryReset reset, JsonBodies json, RequestState request) {
        this.reset = reset;
        this.json = json;
        this.request = request;
    }

    @POST
    @Path("/reset")
    @Allowed(Role.ADMIN)
    @Operation(summary = "Hard reset: delete every observation and attachment, start a new repository generation")
    public Uni<Response> reset(byte[] body) {
        JsonNode node = json.tree(body, SynkronusError.INVALID_REQUEST_FORMAT);
        JsonNode confirm = node.get("confirm");
        if (confirm == null || !"RESET_REPOSITORY".equals(confirm.asText()) || !confirm.isTextual()) {
            throw SynkronusError.RESET_CONFIRMATION.exception();
        }
        return reset.reset(request.caller().username()).map(generation -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("repository_generation", generation);
            answer.put("message", "Repository reset completed");
            return Response.ok(answer)
                    .header(Generation.HEADER, Long.toString(generation))
                    .build();
        });
    }
}
