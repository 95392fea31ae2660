package io.quintet.kora.store;

import io.quintet.kora.operation.Operation;

/** An operation as stored, with the delivery sequence the server gave it (kora.md 1.6). */
public record StoredOperation(Operation operation, long deliverySequence) {}
