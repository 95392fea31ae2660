package io.quintet.kosync.http;

/** The protocol's error envelope: exactly {@code code} and {@code message}. */
public record ErrorBody(int code, String message) {}
