package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;

/** {@code UPDATE_LINKED_FOLDER_ID} request and event payload (spec 7.3.3, 9.5). */
public record UpdateLinkedFolderId(
        LinkType linkType, long linkId, long newParentFolderId, Correlation correlation, long eventTimestamp) {

    public static UpdateLinkedFolderId read(JsonFields body) {
        return new UpdateLinkedFolderId(
                body.requiredEnum("linkType", LinkType.class),
                body.requiredLong("linkId"),
                body.requiredLong("newParentFolderId"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateLinkedFolderId at(long serverSecond) {
        return new UpdateLinkedFolderId(linkType, linkId, newParentFolderId, correlation, serverSecond);
    }
}
