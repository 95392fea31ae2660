package io.quintet.linkora.multi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quintet.linkora.http.JsonFields;

/**
 * One item of {@code COPY_EXISTING_ITEMS} (spec 7.6.4). In the answer {@code sourceRemoteId} holds
 * the NEW server id of the copy and the other fields are the filler the app ignores.
 */
public record CopyRef(
        long newlyCopiedLocalId,
        long parentOfNewlyCopiedLocalId,
        long sourceRemoteId,
        Long sourceRemoteParentId,
        @JsonProperty("isRootFolderForTheDestination") boolean isRootFolderForTheDestination) {

    /** The reference's filler values in answers. */
    static final long FILLER = -45454;

    static final long LINK_PARENT_FILLER = -454545;

    public static CopyRef read(JsonFields body) {
        return new CopyRef(
                body.requiredLong("newlyCopiedLocalId"),
                body.requiredLong("parentOfNewlyCopiedLocalId"),
                body.requiredLong("sourceRemoteId"),
                body.nullableLong("sourceRemoteParentId"),
                body.requiredBoolean("isRootFolderForTheDestination"));
    }

    public static CopyRef copiedFolder(long localId, long newId) {
        return new CopyRef(localId, FILLER, newId, FILLER, false);
    }

    public static CopyRef copiedLink(long localId, long newId) {
        return new CopyRef(localId, FILLER, newId, LINK_PARENT_FILLER, false);
    }
}
