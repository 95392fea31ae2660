package io.quintet.synkronus.sync.service;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.error.SynkronusException;
import io.quintet.synkronus.metrics.SynkronusMetrics;
import io.quintet.synkronus.repository.Generation;
import io.quintet.synkronus.sync.repository.ObservationRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Pull and push (synkronus.md 7.2, 7.3). */
@Singleton
public class SyncService {

    private static final Logger LOG = Logger.getLogger(SyncService.class);
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public record Answer(long generation, byte[] json, long currentVersion) {}

    private final ObservationRepository observations;
    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final SynkronusMetrics metrics;

    public SyncService(ObservationRepository observations, ObjectMapper mapper, SynkronusMetrics metrics) {
        this.observations = observations;
        this.mapper = mapper;
        this.factory = mapper.getFactory();
        this.metrics = metrics;
    }

    public static int limit(String query) {
        if (query == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(query.trim());
            return value <= 0 ? DEFAULT_LIMIT : Math.min(value, MAX_LIMIT);
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }

    public Uni<Answer> pull(JsonNode body, String generationHeader, String schemaType, int limit) {
        JsonNode client = body.get("client_id");
        if (client != null && !client.isNull() && !client.isTextual()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("client_id must be a string");
        }
        if (client == null || client.isNull() || client.asText().isEmpty()) {
            throw SynkronusError.CLIENT_ID_REQUIRED.exception();
        }
        long since = 0;
        JsonNode sinceNode = body.get("since");
        if (sinceNode != null && !sinceNode.isNull()) {
            if (!sinceNode.isObject()) {
                throw SynkronusError.INVALID_REQUEST_FORMAT.exception("since must be an object");
            }
            JsonNode v = sinceNode.get("version");
            if (v != null && !v.isNull()) {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw SynkronusError.INVALID_REQUEST_FORMAT.exception("since.version must be an integer");
                }
                since = v.asLong();
            }
        }
        List<String> types = new ArrayList<>();
        if (schemaType != null && !schemaType.isEmpty()) {
            types.add(schemaType);
        }
        JsonNode schemaTypes = body.get("schema_types");
        if (schemaTypes != null && !schemaTypes.isNull()) {
            if (!schemaTypes.isArray()) {
                throw SynkronusError.INVALID_REQUEST_FORMAT.exception("schema_types must be an array");
            }
            schemaTypes.forEach(t -> types.add(t.asText()));
        }
        Generation generation = Generation.of(generationHeader, body);
        long sinceVersion = since;
        return observations
                .page(since, types, limit + 1)
                .onFailure(e -> !(e instanceof SynkronusException))
                .transform(e -> {
                    LOG.error("pull failed", e);
                    return SynkronusError.SYNC_READ_FAILED.exception(e.getMessage());
                })
                .map(page -> {
                    generation.check(page.generation());
                    return encodePage(page, sinceVersion, limit);
                });
    }

    private Answer encodePage(ObservationRepository.Page page, long since, int limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        int count = 0;
        boolean more = false;
        long cutoff = since;
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("current_version", page.currentVersion());
            g.writeNumberField("repository_generation", page.generation());
            g.writeArrayFieldStart("records");
            for (Row row : page.rows()) {
                if (row.getString(2) == null) {
                    break; // the snapshot row of an empty page
                }
                if (count == limit) {
                    more = true;
                    break;
                }
                writeObservation(g, row);
                cutoff = row.getLong(9);
                count++;
            }
            g.writeEndArray();
            g.writeNumberField("change_cutoff", cutoff);
            g.writeBooleanField("has_more", more);
            g.writeStringField("sync_format_version", "1.0");
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        metrics.pulled(count);
        return new Answer(page.generation(), out.toByteArray(), page.currentVersion());
    }

    private static void writeObservation(JsonGenerator g, Row row) throws IOException {
        g.writeStartObject();
        g.writeStringField("observation_id", row.getString(2));
        g.writeStringField("form_type", row.getString(3));
        g.writeStringField("form_version", row.getString(4));
        g.writeFieldName("data");
        g.writeRawValue(row.getString(5));
        g.writeStringField("created_at", timestamp(row.getOffsetDateTime(6)));
        g.writeStringField("updated_at", timestamp(row.getOffsetDateTime(7)));
        g.writeBooleanField("deleted", row.getBoolean(8));
        g.writeNumberField("version", row.getLong(9));
        String geo = row.getString(10);
        if (geo != null) {
            g.writeFieldName("geolocation");
            g.writeRawValue(geo);
        }
        if (row.getString(11) != null) {
            g.writeStringField("author", row.getString(11));
        }
        if (row.getString(12) != null) {
            g.writeStringField("device_id", row.getString(12));
        }
        String[] tags = row.getArrayOfStrings(13);
        if (tags != null && tags.length > 0) {
            g.writeArrayFieldStart("tags");
            for (String t : tags) {
                g.writeString(t);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** RFC 3339 in UTC with Z, fraction as stored (microseconds at most). */
    public static String timestamp(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    public Uni<Answer> push(JsonNode body, String generationHeader) {
        PushRequest request = PushRequest.decode(body);
        for (var r : request.records()) {
            if (r.dataJson() == null) {
                // the reference's insert fails on the missing data and the whole batch with it
                return Uni.createFrom()
                        .failure(SynkronusError.SYNC_WRITE_FAILED.exception(
                                "data is required for " + r.observationId()));
            }
            if (r.createdAt() == null || r.createdAt().isEmpty()) {
                return Uni.createFrom()
                        .failure(SynkronusError.SYNC_WRITE_FAILED.exception(
                                "created_at is required for " + r.observationId()));
            }
        }
        Generation generation = Generation.of(generationHeader, body);
        return observations
                .push(request.records(), generation)
                .onFailure(e -> !(e instanceof SynkronusException))
                .transform(e -> {
                    LOG.warnf(
                            "push of %d records rolled back: %s",
                            request.records().size(), e.getMessage());
                    return SynkronusError.SYNC_WRITE_FAILED.exception(firstLine(e.getMessage()));
                })
                .map(pushed -> {
                    metrics.pushed(request.records().size());
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("current_version", pushed.currentVersion());
                    answer.put("repository_generation", pushed.generation());
                    answer.put("success_count", request.successCount());
                    if (!request.failed().isEmpty()) {
                        answer.put("failed_records", request.failed());
                    }
                    if (!request.warnings().isEmpty()) {
                        answer.put("warnings", request.warnings());
                    }
                    try {
                        return new Answer(
                                pushed.generation(), mapper.writeValueAsBytes(answer), pushed.currentVersion());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "database error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
