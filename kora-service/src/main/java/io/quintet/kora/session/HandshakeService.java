package io.quintet.kora.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.auth.AuthContext;
import io.quintet.kora.auth.Authenticator;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.config.ServerNode;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Handshake;
import io.quintet.kora.message.HandshakeResponse;
import io.quintet.kora.message.Ids;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.kora.scope.QuerySubset;
import io.quintet.kora.scope.ScopeResolver;
import io.quintet.kora.scope.Visibility;
import io.quintet.kora.store.OperationRepository;
import io.quintet.protocol.vv.VersionVector;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/** Handshake processing in the reference's exact order (kora.md 6.2). */
@ApplicationScoped
public class HandshakeService {

    public static final int CLOSE_NORMAL = 1000;

    private final Authenticator authenticator;
    private final OperationRepository repository;
    private final SessionRegistry registry;
    private final DeliveryStream delivery;
    private final LegacyRelay legacy;
    private final PushService push;
    private final ServerStats stats;
    private final KoraConfig config;
    private final String serverNodeId;

    public HandshakeService(
            Authenticator authenticator,
            OperationRepository repository,
            SessionRegistry registry,
            DeliveryStream delivery,
            LegacyRelay legacy,
            PushService push,
            ServerStats stats,
            KoraConfig config,
            ServerNode serverNode) {
        this.authenticator = authenticator;
        this.repository = repository;
        this.registry = registry;
        this.delivery = delivery;
        this.legacy = legacy;
        this.push = push;
        this.stats = stats;
        this.config = config;
        this.serverNodeId = serverNode.id();
    }

    public String serverNodeId() {
        return serverNodeId;
    }

    public int schemaMin() {
        return config.schemaMin().orElse(config.schemaVersion());
    }

    public int schemaMax() {
        return config.schemaMax().orElse(config.schemaVersion());
    }

    public Uni<Void> handle(SyncSession session, Handshake handshake) {
        if (session.state() != SessionState.CONNECTED) {
            stats.rejected(KoraError.DUPLICATE_HANDSHAKE.code());
            return session.send(ErrorMessage.of(KoraError.DUPLICATE_HANDSHAKE));
        }
        session.nodeId(handshake.nodeId());
        Uni<AuthContext> auth = authenticator
                .provider()
                .map(provider -> provider.authenticate(handshake.authToken() == null ? "" : handshake.authToken()))
                .orElse(Uni.createFrom().nullItem());
        return auth.chain(context -> {
            if (authenticator.provider().isPresent()) {
                if (context == null) {
                    stats.rejected(KoraError.AUTH_FAILED.code());
                    return session.send(ErrorMessage.of(KoraError.AUTH_FAILED))
                            .chain(() -> session.close(CLOSE_NORMAL, "authentication failed"));
                }
                session.state(SessionState.AUTHENTICATED);
            }
            return afterAuthentication(session, handshake, context);
        });
    }

    private Uni<Void> afterAuthentication(SyncSession session, Handshake handshake, AuthContext context) {
        ObjectNode scopes = ScopeResolver.resolve(
                handshake.syncScope(), context == null ? null : context.scopes(), config.strictScopes());
        if (scopes != null) {
            context = (context == null ? AuthContext.user(handshake.nodeId()) : context).withScopes(scopes);
        }
        session.auth(context);
        session.visibility(new Visibility(scopes, QuerySubset.fromHandshake(handshake.syncQueries())));
        boolean watermarkClient = handshake.lastDeliverySequence() != null;
        // a watermark for another scope covers other operations: start over, and say so (7.1 decision)
        boolean scopeReset = watermarkClient && !Objects.equals(handshake.syncScope(), scopes);
        session.watermarkClient(watermarkClient);
        // frames are decoded by type and answered in the client's last format whatever is selected (4.3)
        String format = config.offerProtobuf()
                        && handshake.supportedWireFormats() != null
                        && handshake.supportedWireFormats().contains("protobuf")
                ? "protobuf"
                : "json";
        int version = handshake.schemaVersion();
        if (version < schemaMin() || version > schemaMax()) {
            return repository
                    .versionVector()
                    .chain(vector -> session.send(new HandshakeResponse(
                            Ids.uuidV7(),
                            serverNodeId,
                            vector,
                            config.schemaVersion(),
                            false,
                            "SCHEMA_MISMATCH: client schema version " + version + " not in supported range ["
                                    + schemaMin() + ", " + schemaMax() + "]",
                            schemaMin(),
                            schemaMax(),
                            null,
                            System.currentTimeMillis(),
                            null,
                            null,
                            null)))
                    .chain(() -> session.close(CLOSE_NORMAL, "schema version mismatch"));
        }
        return Uni.combine()
                .all()
                .unis(repository.versionVector(), repository.maxDeliverySequence())
                .asTuple()
                .chain(t -> {
                    VersionVector vector = t.getItem1();
                    long serverMax = t.getItem2();
                    long watermark = watermarkClient ? handshake.lastDeliverySequence() : 0;
                    if (scopeReset || watermark > serverMax) {
                        watermark = 0;
                    }
                    Long reportedMax = !watermarkClient ? null : scopeReset ? Long.valueOf(0) : Long.valueOf(serverMax);
                    HandshakeResponse response = new HandshakeResponse(
                            Ids.uuidV7(),
                            serverNodeId,
                            vector,
                            config.schemaVersion(),
                            true,
                            null,
                            null,
                            null,
                            format,
                            System.currentTimeMillis(),
                            reportedMax,
                            config.blobs().enabled() ? Boolean.TRUE : null,
                            scopes);
                    long from = watermark;
                    session.state(SessionState.SYNCING);
                    registry.supersedeOthers(session);
                    return session.send(response)
                            .chain(() -> initialStream(session, handshake, vector, serverMax, from))
                            .chain(() -> {
                                session.state(SessionState.STREAMING);
                                if (!watermarkClient) return legacy.replayOrphans(session);
                                return Uni.createFrom().voidItem();
                            })
                            .invoke(() -> push.push(session, false));
                });
    }

    private Uni<Void> initialStream(
            SyncSession session, Handshake handshake, VersionVector vector, long serverMax, long from) {
        if (session.watermarkClient()) {
            session.confirmed(from);
            return delivery.stream(session, from, true, from > 0 ? session.nodeId() : null)
                    .replaceWithVoid();
        }
        // ops appended after serverMax are relayed live; some may also be in the delta (the client dedups)
        session.relayedUpTo(serverMax);
        return legacy.initialDelta(session, vector, handshake.versionVector(), handshake.deltaCursor());
    }
}
