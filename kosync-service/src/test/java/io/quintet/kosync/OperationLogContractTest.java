package io.quintet.kosync;

import io.quarkus.test.junit.QuarkusTest;
import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.oplog.OperationLog;
import io.quintet.protocol.testing.OperationLogContract;
import jakarta.inject.Inject;

/** The shared operation log and change feed contract, on kosync's schema and beans. */
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
