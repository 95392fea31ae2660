package io.quintet.protocol.oplog;

import io.quintet.protocol.feed.ChangeFeed;
import io.quintet.protocol.testing.OperationLogContract;
import io.quintet.protocol.testing.OplogDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract suite on a bare schema, as a service runs it on its own. */
class OperationLogContractTest extends OperationLogContract {

    static OplogDatabase db;
    static ChangeFeed feed;

    @BeforeAll
    static void start() {
        db = new OplogDatabase("contract_test", "contractsvc", 4);
        feed = ChangeFeed.create(db.vertx, db.connectOptions(), db.log);
        feed.start().await().atMost(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        feed.close();
        db.close();
    }

    @Override
    protected OperationLog log() {
        return db.log;
    }

    @Override
    protected ChangeFeed feed() {
        return feed;
    }
}
