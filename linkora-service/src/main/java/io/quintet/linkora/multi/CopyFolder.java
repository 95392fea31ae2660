package io.quintet.linkora.multi;

import io.quintet.linkora.http.JsonFields;
import java.util.List;

/** A folder to copy with the links to copy into it (spec 7.6.4). */
public record CopyFolder(CopyRef currentFolder, List<CopyRef> links) {

    public static CopyFolder read(JsonFields body) {
        return new CopyFolder(
                CopyRef.read(body.requiredObject("currentFolder")), body.requiredObjectList("links", CopyRef::read));
    }
}
