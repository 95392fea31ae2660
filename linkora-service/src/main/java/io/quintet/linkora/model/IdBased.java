package io.quintet.linkora.model;

import io.quintet.linkora.http.JsonFields;

/** {@code IDBasedDTO} (spec 4.6): a request about one row, and the payload of many events and tombstones. */
public record IdBased(long id, Correlation correlation, long eventTimestamp) {

    public static IdBased read(JsonFields body) {
        return new IdBased(body.requiredLong("id"), Correlation.read(body), body.requiredLong("eventTimestamp"));
    }

    /** The same request as the server reports it: stamped with the server second. */
    public IdBased at(long serverSecond) {
        return new IdBased(id, correlation, serverSecond);
    }
}
