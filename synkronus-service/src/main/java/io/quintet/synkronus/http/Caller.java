package io.quintet.synkronus.http;

/** Who sent the request, from the verified access token (the user table is not consulted). */
public record Caller(String username, Role role, String userId) {}
