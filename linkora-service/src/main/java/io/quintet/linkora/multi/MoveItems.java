package io.quintet.linkora.multi;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;
import java.util.List;

/** {@code MOVE_EXISTING_ITEMS} request and event payload (spec 7.6.3, 9.5); {@code newParentFolderId} is not nullable. */
public record MoveItems(
        List<Long> folderIds,
        List<Long> linkIds,
        LinkType linkType,
        long newParentFolderId,
        Correlation correlation,
        long eventTimestamp) {

    public static MoveItems read(JsonFields body) {
        return new MoveItems(
                body.requiredLongList("folderIds"),
                body.requiredLongList("linkIds"),
                body.requiredEnum("linkType", LinkType.class),
                body.requiredLong("newParentFolderId"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public MoveItems at(long serverSecond) {
        return new MoveItems(folderIds, linkIds, linkType, newParentFolderId, correlation, serverSecond);
    }
}
