package io.quintet.kosync.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.kosync.error.KosyncException;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/**
 * Serialises answers once, to bytes, and labels them exactly {@code application/json}: real
 * KOReader builds only decode that exact value (spec 4.1), so no content negotiation is involved.
 */
@Singleton
public class JsonReply {

    public static final String JSON = "application/json";

    private final ObjectMapper mapper;

    public JsonReply(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Response ok(Object body) {
        return status(200, body);
    }

    public Response status(int status, Object body) {
        return Response.status(status).entity(bytes(body)).type(JSON).build();
    }

    public Response error(KosyncException e) {
        return status(e.error.status, new ErrorBody(e.error.code, e.message()));
    }

    public byte[] bytes(Object body) {
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "answer not serialisable: " + body.getClass().getSimpleName(), e);
        }
    }
}
