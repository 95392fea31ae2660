package io.quintet.protocol.oplog;

/**
 * The outcome of appending one operation: the sequence it holds in its stream, and whether it was
 * already there (a retry), in which case the sequence is the one it got the first time.
 */
public record Appended(String operationId, long sequence, boolean duplicate) {}
