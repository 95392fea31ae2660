package io.quintet.linkora.link;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;
import io.quintet.linkora.model.MediaType;
import java.util.List;

/**
 * {@code LinkDTO}: the {@code UPDATE_LINK} request (spec 7.3.10) and the payload of the
 * {@code CREATE_A_NEW_LINK} and {@code UPDATE_LINK} events (9.5), keys in reference order.
 */
public record LinkDto(
        long id,
        LinkType linkType,
        String title,
        String url,
        @JsonProperty("baseURL") String baseURL,
        @JsonProperty("imgURL") String imgURL,
        String note,
        Long idOfLinkedFolder,
        String userAgent,
        boolean markedAsImportant,
        MediaType mediaType,
        Correlation correlation,
        List<LinkTagPair> linkTags,
        long eventTimestamp) {

    public static LinkDto read(JsonFields body) {
        return new LinkDto(
                body.requiredLong("id"),
                body.requiredEnum("linkType", LinkType.class),
                body.requiredText("title"),
                body.requiredText("url"),
                body.requiredText("baseURL"),
                body.requiredText("imgURL"),
                body.requiredText("note"),
                body.nullableLong("idOfLinkedFolder"),
                body.nullableText("userAgent"),
                body.requiredBoolean("markedAsImportant"),
                body.requiredEnum("mediaType", MediaType.class),
                Correlation.read(body),
                body.requiredObjectList("linkTags", LinkTagPair::read),
                body.requiredLong("eventTimestamp"));
    }

    /** The request as the server reports it: stamped with the server second. */
    public LinkDto at(long serverSecond) {
        return new LinkDto(
                id,
                linkType,
                title,
                url,
                baseURL,
                imgURL,
                note,
                idOfLinkedFolder,
                userAgent,
                markedAsImportant,
                mediaType,
                correlation,
                linkTags,
                serverSecond);
    }
}
