package io.quintet.linkora.link;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code UPDATE_LINK_NOTE} request and event payload (spec 7.3.5, 9.5). */
public record UpdateLinkNote(long linkId, String newNote, Correlation correlation, long eventTimestamp) {

    public static UpdateLinkNote read(JsonFields body) {
        return new UpdateLinkNote(
                body.requiredLong("linkId"),
                body.requiredText("newNote"),
                Correlation.read(body),
                body.requiredLong("eventTimestamp"));
    }

    public UpdateLinkNote at(long serverSecond) {
        return new UpdateLinkNote(linkId, newNote, correlation, serverSecond);
    }
}
