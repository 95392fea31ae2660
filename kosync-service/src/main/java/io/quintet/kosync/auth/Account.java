package io.quintet.kosync.auth;

/** An authenticated account: its row id (what positions hang off) and its exact name. */
public record Account(long id, String username) {}
