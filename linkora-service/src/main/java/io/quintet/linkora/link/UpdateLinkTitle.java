package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_LINK_TITLE} request and event payload (spec 7.3.4, 9.5). */
public record UpdateLinkTitle(long linkId, String newTitleOfTheLink, Correlation correlation, long eventTimestamp) {

    public static UpdateLinkTitle read(JsonFields body) {
        return new UpdateLinkTitle(
                body.requiredLong("linkId"),
                body.requiredText("newTitleOfTheLink"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateLinkTitle at(long serverSecond) {
        return new UpdateLinkTitle(linkId, newTitleOfTheLink, correlation, serverSecond);
    }
}
