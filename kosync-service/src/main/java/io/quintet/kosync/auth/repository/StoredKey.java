package io.quintet.kosync.auth.repository;

/** An account's row id and the bcrypt hash of its key. */
public record StoredKey(long id, String keyHash) {}
