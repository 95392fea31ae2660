package io.quintet.synkronus.bundle.rest;

import io.quintet.synkronus.http.ByteRange;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;

/**
 * A download answered as a static file server answers it (synkronus.md 10.4, the reference serves
 * bundle.zip with Go's ServeContent): Last-Modified, If-Modified-Since → 304, a single byte Range
 * → 206 with Content-Range, a Range past the end → 416, If-Range honoured.
 */
final class StaticFile {

    /** IMF-fixdate (RFC 9110 5.6.7), always two-digit days. */
    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private StaticFile() {}

    static Response.ResponseBuilder answer(
            byte[] content,
            OffsetDateTime modified,
            String range,
            String ifRange,
            String ifModifiedSince,
            String contentType) {
        OffsetDateTime seconds = modified.truncatedTo(ChronoUnit.SECONDS);
        String lastModified = HTTP_DATE.format(seconds);
        if (range == null && notModifiedSince(seconds, ifModifiedSince)) {
            return Response.notModified().header("Last-Modified", lastModified);
        }
        ByteRange.Outcome outcome = ifRange == null || ifRange.trim().equals(lastModified)
                ? ByteRange.of(range, content.length)
                : new ByteRange.Whole();
        if (outcome instanceof ByteRange.Unsatisfiable) {
            return Response.status(416)
                    .type("text/plain; charset=utf-8")
                    .entity("invalid range: failed to overlap\n")
                    .header("Content-Range", "bytes */" + content.length);
        }
        Response.ResponseBuilder answer;
        if (outcome instanceof ByteRange.Partial partial) {
            ByteRange r = partial.range();
            answer = Response.status(206)
                    .entity(Arrays.copyOfRange(content, (int) r.start(), (int) r.end() + 1))
                    .type(contentType)
                    .header("Content-Range", r.contentRange(content.length));
        } else {
            answer = Response.ok(content, contentType);
        }
        return answer.header("Accept-Ranges", "bytes").header("Last-Modified", lastModified);
    }

    private static boolean notModifiedSince(OffsetDateTime modified, String ifModifiedSince) {
        if (ifModifiedSince == null || ifModifiedSince.isBlank()) {
            return false;
        }
        try {
            ZonedDateTime since = ZonedDateTime.parse(ifModifiedSince.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
            return !modified.toInstant().isAfter(since.toInstant());
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
