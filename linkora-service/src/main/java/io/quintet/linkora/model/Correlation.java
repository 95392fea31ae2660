package io.quintet.linkora.model;

import io.quintet.linkora.http.JsonFields;

/** The originating client installation (spec 4.5); copied, never interpreted. */
public record Correlation(String id, String clientName) {

    /** The request's {@code correlation}: required, both keys required (spec 4.5). */
    public static Correlation read(JsonFields body) {
        JsonFields c = body.requiredObject("correlation");
        return new Correlation(c.requiredText("id"), c.requiredText("clientName"));
    }
}
