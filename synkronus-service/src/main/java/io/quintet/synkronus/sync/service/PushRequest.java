package io.quintet.synkronus.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.sync.Observation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded push body (synkronus.md 7.3): the records to store (each id once, the last occurrence
 * winning, as if applied in order), the empty-id failures and the missing-form-type warnings.
 */
public record PushRequest(
        String clientId,
        List<Observation> records,
        List<Map<String, Object>> failed,
        List<Map<String, Object>> warnings,
        int successCount) {

    public static PushRequest decode(JsonNode body) {
        String transmission = text(body.get("transmission_id"));
        String client = text(body.get("client_id"));
        JsonNode records = body.get("records");
        if (records != null && !records.isNull() && !records.isArray()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("records must be an array");
        }
        if (transmission.isEmpty()) {
            throw SynkronusError.TRANSMISSION_ID_REQUIRED.exception();
        }
        if (client.isEmpty()) {
            throw SynkronusError.CLIENT_ID_REQUIRED.exception();
        }
        if (records == null || records.isNull()) {
            throw SynkronusError.RECORDS_REQUIRED.exception();
        }
        List<Map<String, Object>> failed = new ArrayList<>();
        List<Map<String, Object>> warnings = new ArrayList<>();
        Map<String, Observation> byId = new LinkedHashMap<>();
        int success = 0;
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            if (!r.isObject()) {
                throw SynkronusError.INVALID_REQUEST_FORMAT.exception("record " + i + " is not an object");
            }
            String id = string(r, "observation_id");
            if (id.isEmpty()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("index", i);
                f.put("error", "observation_id is required");
                f.put("record", r);
                failed.add(f);
                continue;
            }
            String formType = string(r, "form_type");
            if (formType.isEmpty()) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("id", id);
                w.put("code", "MISSING_FORM_TYPE");
                w.put("message", "form_type is empty but record was processed");
                warnings.add(w);
            }
            JsonNode data = r.get("data");
            JsonNode deleted = r.get("deleted");
            if (deleted != null && !deleted.isNull() && !deleted.isBoolean()) {
                throw SynkronusError.INVALID_REQUEST_FORMAT.exception("deleted must be a boolean");
            }
            Observation earlier = byId.remove(id);
            // created_at is kept from the first write: an earlier occurrence in this batch is that write
            String createdAt = earlier != null ? earlier.createdAt() : nullableString(r, "created_at");
            byId.put(
                    id,
                    new Observation(
                            id,
                            formType,
                            string(r, "form_version"),
                            data == null || data.isNull() ? null : data.toString(),
                            createdAt,
                            deleted != null && deleted.asBoolean(),
                            geolocation(r.get("geolocation")),
                            nullableString(r, "author"),
                            nullableString(r, "device_id"),
                            tags(r.get("tags"))));
            success++;
        }
        return new PushRequest(client, new ArrayList<>(byId.values()), failed, warnings, success);
    }

    /** Keeps latitude, longitude, accuracy (0 when missing) and the altitudes when present; drops the rest. */
    static String geolocation(JsonNode geo) {
        if (geo == null || geo.isNull()) {
            return null;
        }
        if (!geo.isObject()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("geolocation must be an object");
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("latitude", number(geo, "latitude"));
        out.put("longitude", number(geo, "longitude"));
        out.put("accuracy", number(geo, "accuracy"));
        for (String optional : new String[] {"altitude", "altitude_accuracy"}) {
            JsonNode v = geo.get(optional);
            if (v != null && !v.isNull()) {
                if (!v.isNumber()) {
                    throw SynkronusError.INVALID_REQUEST_FORMAT.exception(optional + " must be a number");
                }
                out.set(optional, v);
            }
        }
        return out.toString();
    }

    private static JsonNode number(JsonNode geo, String field) {
        JsonNode v = geo.get(field);
        if (v == null || v.isNull()) {
            return JsonNodeFactory.instance.numberNode(0);
        }
        if (!v.isNumber()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception(field + " must be a number");
        }
        return v;
    }

    static String tags(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return null;
        }
        if (!tags.isArray()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("tags must be an array");
        }
        for (JsonNode t : tags) {
            if (!t.isTextual()) {
                throw SynkronusError.INVALID_REQUEST_FORMAT.exception("tags must be strings");
            }
        }
        return tags.toString();
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        if (!node.isTextual()) {
            throw SynkronusError.INVALID_REQUEST_FORMAT.exception("expected a string");
        }
        return node.asText();
    }

    static String string(JsonNode record, String field) {
        return text(record.get(field));
    }

    static String nullableString(JsonNode record, String field) {
        JsonNode v = record.get(field);
        return v == null || v.isNull() ? null : text(v);
    }

    public static JsonNode emptyRecord() {
        return JsonNodeFactory.instance.objectNode();
    }
}
