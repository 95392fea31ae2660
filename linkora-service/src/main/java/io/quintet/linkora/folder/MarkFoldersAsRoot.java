package io.quintet.linkora.folder;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import java.util.List;

/** {@code MARK_FOLDERS_AS_ROOT} request and event payload (spec 7.2.11, 9.5). */
public record MarkFoldersAsRoot(List<Long> folderIds, long eventTimestamp, Correlation correlation) {

    public static MarkFoldersAsRoot read(JsonFields body) {
        return new MarkFoldersAsRoot(
                body.requiredLongList("folderIds"), body.requiredLong("eventTimestamp"), Correlation.read(body));
    }

    public MarkFoldersAsRoot at(long serverSecond) {
        return new MarkFoldersAsRoot(folderIds, serverSecond, correlation);
    }
}
