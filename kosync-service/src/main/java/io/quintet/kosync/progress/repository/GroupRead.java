package io.quintet.kosync.progress.repository;

import io.quintet.kosync.progress.Position;
import io.quintet.protocol.db.StatementGroups;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pulls grouped like pushes ({@link StatementGroups}): the primary-key reads that arrive while
 * statements are running travel together as one statement over an array of keys, so a busy
 * service sends PostgreSQL one query per group instead of one per pull. Every read is sent after
 * the request arrived, so it sees every push acknowledged before it.
 */
final class GroupRead extends StatementGroups<GroupRead.Pending> {

    private final SqlClient client;
    private final String batchSql;
    private final String singleSql;

    GroupRead(SqlClient client, String batchSql, String singleSql, int maxInFlight, int maxBatch) {
        super(maxInFlight, maxBatch);
        this.client = client;
        this.batchSql = batchSql;
        this.singleSql = singleSql;
    }

    /** The stored position or null; completes on the caller's Vert.x context when it has one. */
    Future<Position> find(long userId, String document) {
        Promise<Position> promise = promiseOnCallerContext();
        enqueue(new Pending(userId, document, promise));
        return promise.future();
    }

    @Override
    protected void send(List<Pending> batch) {
        if (batch.size() == 1) {
            Pending p = batch.get(0);
            client.preparedQuery(singleSql)
                    .execute(Tuple.of(p.userId, p.document))
                    .onComplete(ar -> {
                        try {
                            if (ar.succeeded()) {
                                RowSet<Row> rows = ar.result();
                                p.promise.complete(
                                        rows.size() == 0
                                                ? null
                                                : ProgressRepository.position(
                                                        p.document,
                                                        rows.iterator().next(),
                                                        0));
                            } else {
                                p.promise.fail(ar.cause());
                            }
                        } finally {
                            sent();
                        }
                    });
            return;
        }
        Map<Key, List<Pending>> byKey = new HashMap<>(batch.size() * 2);
        for (Pending p : batch) {
            byKey.computeIfAbsent(new Key(p.userId, p.document), k -> new ArrayList<>(1))
                    .add(p);
        }
        Long[] users = new Long[byKey.size()];
        String[] documents = new String[byKey.size()];
        int i = 0;
        for (Key key : byKey.keySet()) {
            users[i] = key.userId;
            documents[i] = key.document;
            i++;
        }
        client.preparedQuery(batchSql)
                .execute(Tuple.tuple().addArrayOfLong(users).addArrayOfString(documents))
                .onComplete(ar -> {
                    try {
                        if (ar.succeeded()) {
                            for (Row row : ar.result()) {
                                List<Pending> waiting = byKey.remove(new Key(row.getLong(0), row.getString(1)));
                                if (waiting != null) {
                                    for (Pending p : waiting) {
                                        p.promise.complete(ProgressRepository.position(p.document, row, 2));
                                    }
                                }
                            }
                            for (List<Pending> never : byKey.values()) {
                                for (Pending p : never) {
                                    p.promise.complete(null);
                                }
                            }
                        } else {
                            for (Pending p : batch) {
                                p.promise.fail(ar.cause());
                            }
                        }
                    } finally {
                        sent();
                    }
                });
    }

    private record Key(long userId, String document) {}

    record Pending(long userId, String document, Promise<Position> promise) {}
}
