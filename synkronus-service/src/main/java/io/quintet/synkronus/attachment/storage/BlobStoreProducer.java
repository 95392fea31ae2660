package io.quintet.synkronus.attachment.storage;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The blob store: PostgreSQL (every replica sees it, nothing else to run). */
public class BlobStoreProducer {

    @Produces
    @Singleton
    BlobStore blobStore(Pool pool, Vertx vertx) {
        return new PostgresBlobStore(pool, vertx);
    }
}
