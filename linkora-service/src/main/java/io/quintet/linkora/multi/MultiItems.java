package io.quintet.linkora.multi;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import java.util.List;

/** {@code ARCHIVE_MULTIPLE_ITEMS} / {@code DELETE_MULTIPLE_ITEMS} request and event payload (spec 7.6.1–2, 9.5). */
public record MultiItems(List<Long> linkIds, List<Long> folderIds, long eventTimestamp, Correlation correlation) {

    public static MultiItems read(JsonFields body) {
        return new MultiItems(
                body.requiredLongList("linkIds"),
                body.requiredLongList("folderIds"),
                body.requiredLong("eventTimestamp"),
                Correlation.read(body));
    }

    public MultiItems at(long serverSecond) {
        return new MultiItems(linkIds, folderIds, serverSecond, correlation);
    }
}
