package io.quintet.linkora.model;

import java.util.OptionalLong;

/** Spec 5.1; names are case-sensitive on the wire. */
public enum LinkType {
    SAVED_LINK,
    FOLDER_LINK,
    HISTORY_LINK,
    IMPORTANT_LINK,
    ARCHIVE_LINK;

    /**
     * Default-folder stamping (spec 5.2): the reserved folder id a link of this type is stored
     * in, or empty for {@link #FOLDER_LINK}, whose folder is the client's.
     */
    public OptionalLong defaultFolder() {
        return switch (this) {
            case SAVED_LINK -> OptionalLong.of(ReservedFolders.SAVED_LINKS);
            case IMPORTANT_LINK -> OptionalLong.of(ReservedFolders.IMPORTANT_LINKS);
            case ARCHIVE_LINK -> OptionalLong.of(ReservedFolders.ARCHIVE);
            case HISTORY_LINK -> OptionalLong.of(ReservedFolders.HISTORY);
            case FOLDER_LINK -> OptionalLong.empty();
        };
    }

    /** The folder id to store for a link of this type that the client placed in {@code requested}. */
    public Long stampFolder(Long requested) {
        OptionalLong reserved = defaultFolder();
        return reserved.isPresent() ? Long.valueOf(reserved.getAsLong()) : requested;
    }
}
