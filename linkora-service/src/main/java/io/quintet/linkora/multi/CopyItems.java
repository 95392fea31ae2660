package io.quintet.linkora.multi;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;
import java.util.List;
import java.util.Map;

/**
 * {@code COPY_EXISTING_ITEMS} request, 0.3.0 shape (spec 7.6.4): folders ordered parents first;
 * {@code linkIds} maps the client's local id of each loose-link copy to its source server id.
 */
public record CopyItems(
        List<CopyFolder> folders,
        Map<String, Long> linkIds,
        LinkType linkType,
        long newParentFolderId,
        Correlation correlation,
        long eventTimestamp) {

    public static CopyItems read(JsonFields body) {
        return new CopyItems(
                body.requiredObjectList("folders", CopyFolder::read),
                body.requiredLongMap("linkIds"),
                body.requiredEnum("linkType", LinkType.class),
                body.requiredLong("newParentFolderId"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }
}
