package io.quintet.kosync.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kosync.auth.AccountRules;
import io.quintet.kosync.auth.Text;
import io.quintet.kosync.error.KosyncError;
import io.quintet.kosync.error.KosyncException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated push (spec 6.3, 10). {@code document} is checked first (403/2004), then the other
 * fields (403/2003). Like the reference: {@code percentage} may be a numeric string, {@code progress}
 * and {@code device} may be numbers (stored as their text) or empty strings; {@code timestamp} and
 * {@code metadata} are ignored. Unlike it: no {@code null}/boolean/object is ever stored as text.
 */
public record ProgressPush(String document, double percentage, String progress, String device, String deviceId) {

    public static final int MAX_PROGRESS_BYTES = 8 * 1024;
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public static ProgressPush from(Optional<ObjectNode> body) {
        JsonNode document = body.map(b -> b.get("document")).orElse(null);
        if (document == null || !document.isTextual() || !DocumentIds.isValid(document.textValue())) {
            throw new KosyncException(KosyncError.DOCUMENT_MISSING);
        }
        ObjectNode fields = body.get();
        double percentage = percentage(fields.get("percentage"));
        String progress = text(fields.get("progress"), MAX_PROGRESS_BYTES)
                .orElseThrow(() -> new KosyncException(KosyncError.INVALID_REQUEST));
        String device = text(fields.get("device"), AccountRules.MAX_BYTES)
                .orElseThrow(() -> new KosyncException(KosyncError.INVALID_REQUEST));
        JsonNode id = fields.get("device_id");
        String deviceId = null;
        if (id != null && !id.isNull()) {
            deviceId = text(id, AccountRules.MAX_BYTES)
                    .orElseThrow(() -> new KosyncException(KosyncError.INVALID_REQUEST));
        }
        return new ProgressPush(document.textValue(), percentage, progress, device, deviceId);
    }

    private static double percentage(JsonNode node) {
        double value;
        if (node != null && node.isNumber()) {
            value = node.doubleValue();
        } else if (node != null
                && node.isTextual()
                && DECIMAL.matcher(node.textValue().strip()).matches()) {
            value = Double.parseDouble(node.textValue().strip());
        } else {
            throw new KosyncException(KosyncError.INVALID_REQUEST);
        }
        if (!Double.isFinite(value)) {
            throw new KosyncException(KosyncError.INVALID_REQUEST);
        }
        return value;
    }

    /** A string as is, a number as its decimal text; anything else (missing, null, boolean, object) is refused. */
    private static Optional<String> text(JsonNode node, int maxBytes) {
        String value;
        if (node == null) {
            return Optional.empty();
        } else if (node.isTextual()) {
            value = node.textValue();
        } else if (node.isIntegralNumber()) {
            value = node.bigIntegerValue().toString();
        } else if (node.isNumber() && Double.isFinite(node.doubleValue())) {
            value = PercentageSerializer.text(node.doubleValue());
        } else {
            return Optional.empty();
        }
        return Text.isStorable(value) && AccountRules.utf8Length(value) <= maxBytes
                ? Optional.of(value)
                : Optional.empty();
    }
}
