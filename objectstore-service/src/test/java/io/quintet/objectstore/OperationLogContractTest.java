package io.quintet.objectstore;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.testing.OperationLogContract;
import jakarta.inject.Inject;

/** The shared operation log's contract, run against this service's schema (the TX history lives there). */
@QuarkusTest
class OperationLogContractTest extends OperationLogContract {

    @Inject
    OperationLog log;

    @Inject
    ChangeFeed feed;

    @Override
    protected OperationLog log() {
        return log;
    }

    @Override
    protected ChangeFeed feed() {
        return feed;
    }
}
