package io.quintet.kora.session;

import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.codec.MalformedMessageException;
import io.quintet.kora.codec.ProtobufCodec;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.message.RelayedMessage;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.protocol.db.DatabaseOutageLog;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Connection lifecycle and message routing for every transport (kora.md 6.1, 6.4, 6.5). */
@ApplicationScoped
public class SessionService {

    public static final int CLOSE_MAX_CONNECTIONS = 4029;
    private static final Logger LOG = Logger.getLogger(SessionService.class);

    private final SessionRegistry registry;
    private final HandshakeService handshakes;
    private final BatchIngest ingest;
    private final LegacyRelay legacy;
    private final AwarenessRelay awareness;
    private final BlobRelay blobs;
    private final ServerStats stats;
    private final KoraConfig config;
    private final DatabaseOutageLog outages;

    public SessionService(
            SessionRegistry registry,
            HandshakeService handshakes,
            BatchIngest ingest,
            LegacyRelay legacy,
            AwarenessRelay awareness,
            BlobRelay blobs,
            ServerStats stats,
            KoraConfig config,
            DatabaseOutageLog outages) {
        this.registry = registry;
        this.handshakes = handshakes;
        this.ingest = ingest;
        this.legacy = legacy;
        this.awareness = awareness;
        this.blobs = blobs;
        this.stats = stats;
        this.config = config;
        this.outages = outages;
    }

    /** A new connection: refused (without harming anyone else) beyond {@code maxConnections}. */
    public Uni<Void> open(String id, SessionChannel channel) {
        if (!channel.countedFromHandshake() && full()) {
            return refuse(channel, false);
        }
        registry.add(new SyncSession(id, channel));
        stats.connectionOpened();
        return Uni.createFrom().voidItem();
    }

    private boolean full() {
        int max = config.maxConnections();
        return max > 0 && registry.counted() >= max;
    }

    /** Beyond {@code maxConnections}: the error, then close 4029; nobody else is affected. */
    private Uni<Void> refuse(SessionChannel channel, boolean binary) {
        stats.rejected(KoraError.MAX_CONNECTIONS.code());
        return channel.send(ErrorMessage.of(KoraError.MAX_CONNECTIONS, config.maxConnections()), binary)
                .chain(() -> channel.close(CLOSE_MAX_CONNECTIONS, "max connections reached"));
    }

    /** Whether session {@code id} completed its handshake (HTTP polling keeps pre-handshake state short). */
    public boolean handshaken(String id) {
        SyncSession session = registry.get(id);
        return session != null && session.state().isHandshaken();
    }

    /** A JSON text frame. */
    public Uni<Void> text(String id, String frame) {
        SyncSession session = registry.get(id);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        KoraMessage message;
        try {
            message = JsonCodec.decode(frame);
        } catch (MalformedMessageException e) {
            return session.serially(() -> protocolError(session, false, e.getMessage()));
        }
        return handle(session, false, message);
    }

    /** A binary frame: protobuf (kora.md 4.2); presence and richtext envelopes are ignored. */
    public Uni<Void> binary(String id, byte[] frame) {
        SyncSession session = registry.get(id);
        if (session == null) {
            return Uni.createFrom().voidItem();
        }
        Optional<KoraMessage> message;
        try {
            message = ProtobufCodec.decode(frame);
        } catch (MalformedMessageException e) {
            return session.serially(() -> protocolError(session, true, e.getMessage()));
        }
        return message.map(m -> handle(session, true, m))
                .orElseGet(() -> Uni.createFrom().voidItem());
    }

    private Uni<Void> handle(SyncSession session, boolean binary, KoraMessage message) {
        if (message instanceof Handshake && session.state() != SessionState.CONNECTED) {
            String restarted = session.channel().restart();
            if (restarted != null) {
                return handle(restart(session, restarted), binary, message);
            }
        }
        if (message instanceof Handshake && session.channel().countedFromHandshake() && full()) {
            return session.serially(() -> refuse(session.channel(), binary));
        }
        if (message instanceof OperationBatch batch && batch.operations().size() > config.maxBatchOperations()) {
            return session.serially(() -> protocolError(
                    session,
                    binary,
                    "Operation batch too large (" + batch.operations().size() + " > " + config.maxBatchOperations()
                            + " operations)"));
        }
        return session.serially(() -> {
            session.lastFrameBinary(binary);
            return dispatch(session, message).onFailure().recoverWithUni(failure -> internalError(session, failure));
        });
    }

    private Uni<Void> dispatch(SyncSession session, KoraMessage message) {
        if (message instanceof Handshake handshake) {
            return handshakes.handle(session, handshake);
        }
        if (message instanceof OperationBatch batch) {
            return ingest.handle(session, batch);
        }
        if (message instanceof Acknowledgment ack) {
            long now = System.currentTimeMillis();
            legacy.acknowledged(session, ack.acknowledgedMessageId(), now);
            if (ack.deliverySequence() != null) session.acknowledgeDelivery(ack.deliverySequence(), now);
            session.acknowledgeBatch(ack.acknowledgedMessageId(), now);
            return Uni.createFrom().voidItem();
        }
        if (message instanceof RelayedMessage relayed && session.state().isHandshaken() && !session.superseded()) {
            if (RelayedMessage.AWARENESS_UPDATE.equals(relayed.type())) return awareness.awareness(session, relayed);
            if (RelayedMessage.YJS_DOC_UPDATE.equals(relayed.type())) return awareness.yjs(session, relayed);
            if (relayed.type().startsWith("blob-chunk-")) return blobs.handle(session, relayed);
        }
        // errors and server-only message types from a client are ignored (5.5)
        return Uni.createFrom().voidItem();
    }

    /** A frame that is not a valid message: answered, and the connection kept. */
    private Uni<Void> protocolError(SyncSession session, boolean binary, String reason) {
        session.lastFrameBinary(binary);
        stats.rejected(KoraError.MALFORMED_MESSAGE.code());
        return session.send(ErrorMessage.of(KoraError.MALFORMED_MESSAGE, reason));
    }

    /** An unexpected failure while handling a message (8.1): reported, then the session closes. */
    private Uni<Void> internalError(SyncSession session, Throwable failure) {
        // a database outage is logged once and summed up, not per session (issue 17)
        if (!outages.failed(failure)) LOG.warnf(failure, "session %s failed", session.id());
        // the failure's own text may be the database's (or name a host during an outage): never sent
        stats.rejected(KoraError.SYNC_ERROR.code());
        return session.send(ErrorMessage.of(KoraError.SYNC_ERROR))
                .chain(() -> session.close(HandshakeService.CLOSE_NORMAL, KoraError.SYNC_ERROR.text()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * An HTTP polling client restarted: its old session ends as a close would end it (unacknowledged
     * relays go to the orphan buffer, presence is withdrawn) and a new one starts on the same transport.
     */
    private SyncSession restart(SyncSession old, String freshId) {
        closed(old.id());
        SyncSession fresh = new SyncSession(freshId, old.channel());
        registry.add(fresh);
        stats.connectionOpened();
        return fresh;
    }

    public void closed(String id) {
        SyncSession session = registry.remove(id);
        if (session == null) {
            return;
        }
        session.state(SessionState.CLOSED);
        stats.connectionClosed();
        awareness.sessionClosed(session);
        legacy.sessionClosed(session);
    }
}
