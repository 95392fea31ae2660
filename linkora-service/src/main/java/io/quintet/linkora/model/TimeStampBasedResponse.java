package io.quintet.linkora.model;

/** The answer of most mutation routes (spec 4.6); {@code message} is informational only. */
public record TimeStampBasedResponse(long eventTimestamp, String message) {}
