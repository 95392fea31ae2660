package io.quintet.linkora.folder;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quintet.linkora.model.Correlation;

/** Payload of the {@code CREATE_FOLDER} and {@code UPDATE_FOLDER} events (spec 9.5), in reference order. */
public record FolderEvent(
        long id,
        String name,
        String note,
        Long parentFolderId,
        @JsonProperty("isArchived") boolean isArchived,
        Correlation correlation,
        long eventTimestamp) {}
