package io.quintet.kora.session;

import io.quintet.kora.message.OperationBatch;
import io.smallrye.mutiny.Uni;

/**
 * Where a session's inbound operation batches go: the ingest pipeline (package {@code ingest},
 * kora.md 6.3), which answers through the session. An interface here so that the session package
 * does not depend on the pipeline that depends on it.
 */
public interface BatchIngest {

    Uni<Void> handle(SyncSession session, OperationBatch batch);
}
