package io.quintet.linkora.multi;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import java.util.List;

/** {@code UNARCHIVE_MULTIPLE_ITEMS} request and event payload (spec 7.6.5): note {@code foldersIds}. */
public record MarkItemsRegular(
        List<Long> foldersIds, List<Long> linkIds, long eventTimestamp, Correlation correlation) {

    public static MarkItemsRegular read(JsonFields body) {
        return new MarkItemsRegular(
                body.requiredLongList("foldersIds"),
                body.requiredLongList("linkIds"),
                body.requiredLong("eventTimestamp"),
                Correlation.read(body));
    }

    public MarkItemsRegular at(long serverSecond) {
        return new MarkItemsRegular(foldersIds, linkIds, serverSecond, correlation);
    }
}
