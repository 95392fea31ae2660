package io.quintet.synkronus.auth;

/** The login and refresh answer (synkronus.md 4.2): camelCase, {@code expiresAt} in Unix seconds. */
public record TokenPair(String token, String refreshToken, long expiresAt) {}
