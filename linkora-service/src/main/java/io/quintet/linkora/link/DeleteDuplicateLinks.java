package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import java.util.List;

/**
 * {@code DELETE_DUPLICATE_LINKS} request (spec 7.3.12). Its tombstone keeps the request as received,
 * with the client's {@code eventTimestamp}; its event carries the server second.
 */
public record DeleteDuplicateLinks(List<Long> linkIds, Correlation correlation, long eventTimestamp) {

    public static DeleteDuplicateLinks read(JsonFields body) {
        return new DeleteDuplicateLinks(
                body.requiredLongList("linkIds"), Correlation.read(body), body.requiredLong("eventTimestamp"));
    }

    public DeleteDuplicateLinks at(long serverSecond) {
        return new DeleteDuplicateLinks(linkIds, correlation, serverSecond);
    }
}
