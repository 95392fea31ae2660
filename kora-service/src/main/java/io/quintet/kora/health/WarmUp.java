package io.quintet.kora.health;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quarkus.runtime.StartupEvent;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.MalformedMessageException;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.HandshakeResponse;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.kora.store.OperationRepository;
import io.quintet.kora.store.StoredOperation;
import io.quintet.protocol.vv.VersionVector;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness turns UP only once the first session would be fast (issue 18: a fresh service's first
 * acknowledgment took 214–363 ms, a later session's 51–135 ms). Before that, the codecs run over
 * every message kind in both wire formats, the session path's statements are prepared on several
 * pool connections, and the append transaction is rehearsed (pipelined, rolled back), so the first
 * client meets compiled code and prepared statements rather than class loading and parse plans.
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    /** Codec rounds: enough for the JIT's first tier on the encode and decode paths. */
    private static final int CODEC_ROUNDS = 300;
    /** Connections the session reads are prepared on (each pool connection prepares for itself). */
    private static final int CONNECTIONS = 4;

    private final OperationRepository operations;
    private final Pool pool;
    private final Vertx vertx;
    private volatile boolean warm;
    private volatile long tookMillis = -1;

    public WarmUp(OperationRepository operations, Pool pool, Vertx vertx) {
        this.operations = operations;
        this.pool = pool;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        attempt(0);
    }

    private void attempt(int failures) {
        long started = System.nanoTime();
        run().subscribe()
                .with(
                        ok -> {
                            tookMillis = (System.nanoTime() - started) / 1_000_000;
                            warm = true;
                            LOG.debugf("warm after %d ms", tookMillis);
                        },
                        failure -> {
                            // the database is not reachable yet: not ready, try again
                            LOG.debugf(failure, "warm-up failed");
                            vertx.setTimer(Math.min(5_000, 200L << Math.min(failures, 5)), id -> attempt(failures + 1));
                        });
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kora warm-up")
                .status(warm)
                .withData("millis", tookMillis)
                .build();
    }

    Uni<Void> run() {
        // the codecs on the event loop's worker pool: CPU only, and the loop stays free meanwhile
        Uni<Void> codecs = vertx.executeBlocking(Uni.createFrom().item(() -> {
                    codecs(sampleOperations(100));
                    return true;
                }))
                .replaceWithVoid();
        return codecs.chain(this::reads).chain(this::rehearseAppend);
    }

    private static void codecs(List<Operation> ops) {
        VersionVector vector = VersionVector.of(Map.of("warm-up", 1L));
        List<KoraMessage> messages = List.of(
                new Handshake("h", "warm-up", vector, 1, "token", List.of("json", "protobuf"), null, null, null, 0L),
                new HandshakeResponse("r", "server", vector, 1, true, null, null, null, "json", 1L, 0L, null, null),
                new OperationBatch("b", ops, true, 0, null, null, 0L, 100L),
                new Acknowledgment("a", "b", 100, 100L),
                new ErrorMessage("e", "SYNC_ERROR", "warm-up", true));
        for (int round = 0; round < CODEC_ROUNDS; round++) {
            for (KoraMessage message : messages) {
                try {
                    JsonCodec.decode(JsonCodec.encode(message));
                    ProtobufCodec.decode(ProtobufCodec.encode(message));
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("warm-up message does not round-trip", e);
                }
            }
        }
    }

    /** The handshake's and the delivery stream's reads, on several connections at once. */
    private Uni<Void> reads() {
        List<Uni<Void>> rounds = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            rounds.add(operations
                    .versionVector()
                    .chain(operations::maxDeliverySequence)
                    .chain(top -> operations.afterDelivery(Math.max(0, top - 100), 500))
                    .invoke(WarmUp::encodeRead)
                    .replaceWithVoid());
        }
        return Uni.join().all(rounds).andFailFast().replaceWithVoid();
    }

    private static void encodeRead(List<StoredOperation> rows) {
        if (rows.isEmpty()) return;
        OperationBatch batch = new OperationBatch(
                "w",
                rows.stream().map(StoredOperation::operation).toList(),
                true,
                0,
                null,
                null,
                0L,
                rows.get(rows.size() - 1).deliverySequence());
        JsonCodec.encode(batch);
        ProtobufCodec.encode(batch);
    }

    /** The append transaction as ingest sends it (one round trip), rolled back: nothing is stored or numbered. */
    private Uni<Void> rehearseAppend() {
        List<Operation> ops = sampleOperations(10);
        long[] at = new long[ops.size()];
        Arrays.fill(at, System.currentTimeMillis());
        return pool.withConnection(connection -> connection
                .begin()
                .chain(tx -> operations
                        .lockCounter(connection)
                        .chain(revision -> operations.appendAtRevision(connection, ops, at, revision))
                        .onItemOrFailure()
                        .transformToUni((stored, failure) -> tx.rollback())));
    }

    private static List<Operation> sampleOperations(int count) {
        List<Operation> ops = new ArrayList<>(count);
        long now = System.currentTimeMillis();
        String node = "kora-warm-up";
        for (int i = 0; i < count; i++) {
            ops.add(new Operation(
                    node + "-" + now + "-" + i,
                    node,
                    Operation.INSERT,
                    "warm-up",
                    "r" + i,
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("title", "warm-up " + i)
                            .put("done", false),
                    null,
                    new OperationTimestamp(now, i, node),
                    i + 1,
                    List.of(),
                    1,
                    null,
                    null,
                    null));
        }
        return ops;
    }
}
