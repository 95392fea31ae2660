package io.quintet.linkora.tag;

import io.quintet.linkora.model.Correlation;

/** {@code CREATE_TAG} event payload (spec 9.5). */
public record TagEvent(long id, String name, long eventTimestamp, Correlation correlation) {}
