package io.quintet.kora.collection.rest;

/** Error body of the admin API. */
public record AdminError(String error, String message) {}
