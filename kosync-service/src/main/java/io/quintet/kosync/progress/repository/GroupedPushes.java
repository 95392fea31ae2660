package io.quintet.kosync.progress.repository;

import io.quintet.kosync.progress.ProgressPush;
import io.quintet.protocol.db.StatementGroups;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group commit of pushes: the pushes that arrive while earlier ones are being written travel
 * together, as one multi-row upsert ({@code unnest} of arrays) in one implicit transaction, so
 * concurrent pushes share one statement, one commit and one WAL flush. A push is acknowledged only
 * when the statement that carries it has committed. Nothing waits for a batch to fill: a push that
 * finds fewer than {@code maxInFlight} statements running leaves at once.
 *
 * <p>A batch holds each (account, document) at most once (an upsert cannot touch a row twice); a
 * second push of the same record waits for the next batch. Rows are sorted by key so that two
 * batches in flight lock rows in the same order and cannot deadlock. When a batch fails (an account
 * deleted meanwhile, storage trouble), its pushes are retried one statement each so every push gets
 * its own answer.
 */
final class GroupedPushes extends StatementGroups<GroupedPushes.Pending> {

    private final Pool pool;
    private final String batchSql;
    private final String singleSql;

    GroupedPushes(Pool pool, String batchSql, String singleSql, int maxInFlight, int maxBatch) {
        super(maxInFlight, maxBatch);
        this.pool = pool;
        this.batchSql = batchSql;
        this.singleSql = singleSql;
    }

    /** The stored timestamp, once committed; completes on the caller's Vert.x context when it has one. */
    Future<Long> push(long userId, ProgressPush push) {
        Promise<Long> promise = promiseOnCallerContext();
        enqueue(new Pending(userId, push, promise));
        return promise.future();
    }

    /** Skips a push whose record is already in the group: an upsert cannot touch a row twice. */
    @Override
    protected List<Pending> drain(ArrayDeque<Pending> queue) {
        List<Pending> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
        Set<Key> keys = null;
        for (Iterator<Pending> it = queue.iterator(); it.hasNext() && batch.size() < maxBatch; ) {
            Pending p = it.next();
            if (!batch.isEmpty()) {
                if (keys == null) {
                    keys = new HashSet<>();
                    keys.add(batch.get(0).key());
                }
                if (!keys.add(p.key())) {
                    continue; // same record already in this batch: next one
                }
            }
            it.remove();
            batch.add(p);
        }
        return batch;
    }

    @Override
    protected void send(List<Pending> batch) {
        Future<RowSet<Row>> written;
        if (batch.size() == 1) {
            written = pool.preparedQuery(singleSql).execute(single(batch.get(0)));
        } else {
            batch.sort(Comparator.comparingLong((Pending p) -> p.userId).thenComparing(p -> p.push.document()));
            written = pool.preparedQuery(batchSql).execute(arrays(batch));
        }
        written.onComplete(ar -> {
            try {
                if (ar.succeeded()) {
                    deliver(batch, ar.result());
                } else if (batch.size() == 1) {
                    batch.get(0).promise.fail(ar.cause());
                } else {
                    for (Pending p : batch) {
                        pool.preparedQuery(singleSql).execute(single(p)).onComplete(one -> {
                            if (one.succeeded()) {
                                p.promise.complete(
                                        one.result().iterator().next().getLong(2));
                            } else {
                                p.promise.fail(one.cause());
                            }
                        });
                    }
                }
            } finally {
                sent();
            }
        });
    }

    private static void deliver(List<Pending> batch, RowSet<Row> rows) {
        if (batch.size() == 1) {
            batch.get(0).promise.complete(rows.iterator().next().getLong(2));
            return;
        }
        Map<Key, Long> stamps = new HashMap<>(batch.size() * 2);
        for (Row row : rows) {
            stamps.put(new Key(row.getLong(0), row.getString(1)), row.getLong(2));
        }
        for (Pending p : batch) {
            Long stamp = stamps.get(p.key());
            if (stamp != null) {
                p.promise.complete(stamp);
            } else {
                p.promise.fail(new IllegalStateException("push not returned by its batch"));
            }
        }
    }

    private static Tuple single(Pending p) {
        return Tuple.tuple()
                .addLong(p.userId)
                .addString(p.push.document())
                .addDouble(p.push.percentage())
                .addString(p.push.progress())
                .addString(p.push.device())
                .addString(p.push.deviceId());
    }

    private static Tuple arrays(List<Pending> batch) {
        int n = batch.size();
        Long[] users = new Long[n];
        String[] documents = new String[n];
        Double[] percentages = new Double[n];
        String[] progress = new String[n];
        String[] devices = new String[n];
        String[] deviceIds = new String[n];
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            users[i] = p.userId;
            documents[i] = p.push.document();
            percentages[i] = p.push.percentage();
            progress[i] = p.push.progress();
            devices[i] = p.push.device();
            deviceIds[i] = p.push.deviceId();
        }
        return Tuple.tuple()
                .addArrayOfLong(users)
                .addArrayOfString(documents)
                .addArrayOfDouble(percentages)
                .addArrayOfString(progress)
                .addArrayOfString(devices)
                .addArrayOfString(deviceIds);
    }

    private record Key(long userId, String document) {}

    record Pending(long userId, ProgressPush push, Promise<Long> promise) {
        Key key() {
            return new Key(userId, push.document());
        }
    }
}
