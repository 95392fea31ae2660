package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;
import io.quintet.linkora.model.LinkType;

/** {@code UPDATE_USER_AGENT} request and event payload (spec 7.3.6, 9.5). */
public record UpdateUserAgent(
        LinkType linkType, long linkId, String userAgent, Correlation correlation, long eventTimestamp) {

    public static UpdateUserAgent read(JsonFields body) {
        return new UpdateUserAgent(
                body.requiredEnum("linkType", LinkType.class),
                body.requiredLong("linkId"),
                body.requiredText("userAgent"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateUserAgent at(long serverSecond) {
        return new UpdateUserAgent(linkType, linkId, userAgent, correlation, serverSecond);
    }
}
