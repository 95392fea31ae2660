package io.quintet.linkora.folder;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The folder read model (spec 5.4). */
public record Folder(
        long id,
        String name,
        String note,
        Long parentFolderId,
        @JsonProperty("isArchived") boolean isArchived,
        long eventTimestamp) {}
