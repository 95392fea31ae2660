package io.quintet.linkora.model;

/** The originating client installation (spec 4.5); copied, never interpreted. */
public record Correlation(String id, String clientName) {
}
