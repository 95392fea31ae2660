package io.quintet.synkronus.http;

/** The 426 body (synkronus.md 1.4, shape 3). */
public record VersionMismatch(String message, String synkronus_version) {}
