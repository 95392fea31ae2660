package io.quintet.linkora.sync;

import io.quintet.linkora.http.JsonFields;
import io.quintet.linkora.model.Correlation;

/** {@code DELETE_EVERYTHING} request and event payload (spec 7.7.3, 9.5). */
public record DeleteEverything(long eventTimestamp, Correlation correlation) {

    public static DeleteEverything read(JsonFields body) {
        return new DeleteEverything(body.requiredLong("eventTimestamp"), Correlation.read(body));
    }

    public DeleteEverything at(long serverSecond) {
        return new DeleteEverything(serverSecond, correlation);
    }
}
