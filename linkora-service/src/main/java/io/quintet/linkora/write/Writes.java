package io.quintet.linkora.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quintet.linkora.event.EventStream;
import io.quintet.protocol.oplog.NewOperation;
import io.quintet.protocol.oplog.OperationLog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a mutation in one transaction: the work's own statements, then its tombstones (one
 * statement). Its events are published only once the transaction committed, through the shared
 * operation log ({@link OperationLog#publish}: batched, asynchronous commit) to the sockets of every
 * replica: events are live notifications (spec 9.4: no persistence, no replay; a client that misses
 * one recovers through GET_UPDATES), and appending them inside each mutation's transaction would hold
 * the stream's head row through every commit's flush and serialize all writers. The caller answers only after
 * the commit; a failure anywhere rolls everything back, so a refused or failed request leaves no
 * row, no tombstone and no event behind.
 */
@ApplicationScoped
public class Writes {

    private static final String INSERT_TOMBSTONES = "INSERT INTO linkora.tombstones (deleted_at, operation, payload) "
            + "SELECT $1, t.operation, t.payload::json FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(operation, payload, n) "
            + "ORDER BY t.n";

    private final Pool pool;
    private final ServerClock clock;
    private final ObjectMapper mapper;
    private final OperationLog log;

    public Writes(Pool pool, ServerClock clock, ObjectMapper mapper, OperationLog log) {
        this.pool = pool;
        this.clock = clock;
        this.mapper = mapper;
        this.log = log;
    }

    public <T> Uni<T> run(Function<WriteContext, Uni<T>> work) {
        return mutate(statements -> pool.withTransaction(statements::apply), true, work);
    }

    /**
     * Runs a mutation that is exactly one statement and leaves no tombstone. PostgreSQL commits a
     * lone statement atomically by itself, so this saves the BEGIN and COMMIT round trips of
     * {@link #run} (a third of a create's time), and the statement may run on any connection of
     * the pool, or share a group statement with other mutations; its events are published after
     * that commit too.
     */
    public <T> Uni<T> runStatement(Function<WriteContext, Uni<T>> work) {
        return mutate(statement -> statement.apply(pool), false, work);
    }

    private <T> Uni<T> mutate(
            Function<Function<SqlClient, Uni<T>>, Uni<T>> scope,
            boolean transactional,
            Function<WriteContext, Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            List<NewOperation> frames = new ArrayList<>();
            return scope.apply(connection -> {
                        WriteContext context = new WriteContext(connection, clock.nowSeconds(), transactional);
                        return work.apply(context)
                                .call(result -> writeTombstones(context).invoke(() -> frames.addAll(frames(context))));
                    })
                    .invoke(() -> log.publish(EventStream.NAME, frames));
        });
    }

    private List<NewOperation> frames(WriteContext context) {
        List<NewOperation> frames = new ArrayList<>(context.events.size());
        for (WriteContext.Record event : context.events) {
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("operation", event.operation());
            frame.put("payload", event.payload());
            try {
                frames.add(new NewOperation(UUID.randomUUID().toString(), mapper.writeValueAsString(frame)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unserializable event " + event.operation(), e);
            }
        }
        return frames;
    }

    private Uni<Void> writeTombstones(WriteContext context) {
        try {
            Uni<Void> tombstones = Uni.createFrom().voidItem();
            if (!context.tombstones.isEmpty()) {
                String[] operations = context.tombstones.stream()
                        .map(WriteContext.Record::operation)
                        .toArray(String[]::new);
                String[] payloads = new String[operations.length];
                for (int i = 0; i < payloads.length; i++) {
                    payloads[i] =
                            mapper.writeValueAsString(context.tombstones.get(i).payload());
                }
                tombstones = context.connection()
                        .preparedQuery(INSERT_TOMBSTONES)
                        .execute(Tuple.of(context.stamp(), operations, payloads))
                        .replaceWithVoid();
            }
            return tombstones;
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
