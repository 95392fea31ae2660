package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.MediaType;
import java.util.List;

/**
 * {@code CREATE_A_NEW_LINK} request (spec 7.3.1). {@code tags} may be absent (the browser
 * extension's request, our decision: empty). {@code forceRetrieveOGMetaInfo} is read for
 * validation only: server-side scraping is off (spec D21).
 */
public record AddLink(
        LinkType linkType,
        String title,
        String url,
        String baseURL,
        String imgURL,
        String note,
        Long idOfLinkedFolder,
        String userAgent,
        boolean markedAsImportant,
        MediaType mediaType,
        Correlation correlation,
        long eventTimestamp,
        List<Long> tags) {

    public static AddLink read(JsonFields body) {
        body.optionalBoolean("forceRetrieveOGMetaInfo", false);
        return new AddLink(
                body.requiredEnum("linkType", LinkType.class),
                body.nullableText("title"),
                body.requiredText("url"),
                body.requiredText("baseURL"),
                body.requiredText("imgURL"),
                body.requiredText("note"),
                body.nullableLong("idOfLinkedFolder"),
                body.nullableText("userAgent"),
                body.requiredBoolean("markedAsImportant"),
                body.requiredEnum("mediaType", MediaType.class),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"),
                body.optionalLongList("tags"));
    }
}
