package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;

/** One link↔tag pair as links carry it in {@code linkTags} (spec 5.4). */
public record LinkTagPair(long linkId, long tagId) {

    public static LinkTagPair read(JsonFields body) {
        return new LinkTagPair(body.requiredLong("linkId"), body.requiredLong("tagId"));
    }
}
