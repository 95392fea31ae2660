package io.quintet.objectstore.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quintet.objectstore.AuthSummary;
import io.quintet.objectstore.ObjectStoreMain;
import io.quintet.objectstore.auth.AuthResult;
import io.quintet.objectstore.events.EventType;
import io.quintet.objectstore.events.LogEvents;
import io.quintet.objectstore.filter.ClientFilter;
import io.quintet.objectstore.filter.SyncFilters;
import io.quintet.objectstore.fullsync.Snapshot;
import io.quintet.objectstore.history.HistoryEntry;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.schema.RegisteredVersion;
import io.quintet.objectstore.schema.SchemaResolution;
import io.quintet.objectstore.tx.IncomingTx;
import io.quintet.objectstore.tx.OpCodec;
import io.quintet.objectstore.tx.TxOutcome;
import io.quintet.objectstore.tx.TxRejection;
import io.quintet.objectstore.wire.Gids;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * One OSP/1 connection (section 12): login, TX ordering and acknowledgement (12.8), catch-up and
 * live pushes with RX_ACK flow control, full sync with chunk flow control, heartbeats, filter
 * variables, credential refresh, objects messages. Messages are handled one at a time, in order;
 * state is guarded by the session's monitor.
 */
public final class Session {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvSync");
    private static final Pattern CLIENT_ID = Pattern.compile("[0-9a-fA-F]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PUSH_WINDOW = 16;
    private static final int CHUNK_WINDOW = 4;
    private static final int ENTRIES_PER_PUSH = 1000;
    private static final long BYTES_PER_PUSH = 1 << 20;

    private enum State {
        NEW,
        LOGGING_IN,
        LOGGED_IN,
        CLOSED
    }

    private final SyncServices services;
    private final SessionRegistry registry;
    private final WebSocketConnection connection;
    private final WireFormat format;
    /** The connection's event loop: every write goes through its queue, so frames leave in the order they were sent. */
    private final io.vertx.core.Context context;

    private final byte[] nonce = new byte[32];
    private final ArrayDeque<Received> inbox = new ArrayDeque<>();
    /** Size on the wire of the message being handled (feeds obx_client_tx_bytes_applied). */
    private int handlingBytes;

    private boolean handling;
    private State state = State.NEW;
    private volatile long lastReceived = System.nanoTime();

    private String clientId;
    private String peer;
    private RegisteredVersion version;
    private Model model;
    private Map<String, String> claims = Map.of();
    private Map<String, String> filterVars = Map.of();
    private ClientFilter filter = ClientFilter.ALL;
    private boolean readOnly;
    private boolean serverClosed;
    private final String address;
    private String updatesMode = "AUTO";
    private long heartbeatMs;
    private JsonNode resume;
    private String storedFilterSignature;

    private long lastSubmittedCseq;
    private long position;
    private long sentPosition;
    private boolean subscribed;
    private boolean catchingUp;
    private boolean pumping;
    private boolean emptyFlushScheduled;
    private final ArrayDeque<Long> unackedPushes = new ArrayDeque<>();
    private Snapshot snapshot;
    /** Set from the decision to full-sync until the snapshot is open: no pushes may start meanwhile. */
    private boolean startingSnapshot;

    private int chunksSent;
    private int chunksAcked;
    private boolean sendingChunk;

    Session(SyncServices services, SessionRegistry registry, WebSocketConnection connection) {
        this.services = services;
        this.registry = registry;
        this.connection = connection;
        this.format = WireFormat.of(connection.subprotocol());
        this.address = String.valueOf(connection.handshakeRequest().remoteAddress());
        this.context = io.vertx.core.Vertx.currentContext();
        this.heartbeatMs = services.settings.own().heartbeatMs();
        RANDOM.nextBytes(nonce);
    }

    String clientId() {
        return clientId;
    }

    boolean isOpen() {
        return state != State.CLOSED && connection.isOpen();
    }

    // ---------------------------------------------------------------- transport

    void hello() {
        ObjectNode hello = message("HELLO").put("server", "objectstore").put("serverVersion", ObjectStoreMain.VERSION);
        hello.putObject("protocol").put("min", 1).put("max", 1);
        hello.put("nonce", Base64.getEncoder().encodeToString(nonce))
                .put("serverTime", Long.toString(nowNanos()))
                .put("epoch", services.state.epoch());
        ObjectNode auth = hello.putObject("auth");
        AuthSummary.methods(services.settings).forEach(auth.putArray("methods")::add);
        services.authenticator.requiredTypes().forEach(auth.putArray("required")::add);
        hello.put("maxMessageBytes", services.maxMessageBytes).put("heartbeatMaxMs", 1_500_000);
        send(hello);
    }

    void receiveText(String frame) {
        receive(() -> WireCodec.decodeText(frame), frame.length());
    }

    void receiveBinary(byte[] frame) {
        receive(() -> WireCodec.decodeBinary(frame, format), frame.length);
    }

    private void receive(java.util.function.Supplier<ObjectNode> decode, int size) {
        lastReceived = System.nanoTime();
        services.metrics.increment("messages", "type", "recv");
        services.metrics.add("message_bytes", "type", "recv", size);
        ObjectNode message;
        try {
            message = decode.get();
        } catch (RuntimeException e) {
            services.metrics.increment("errors", "type", "protocol");
            fatal("PROTOCOL", e.getMessage());
            return;
        }
        synchronized (this) {
            if (state == State.CLOSED) return;
            inbox.addLast(new Received(message, size));
            if (handling) return;
            handling = true;
        }
        drain();
    }

    private void drain() {
        while (true) {
            Received next;
            synchronized (this) {
                next = inbox.pollFirst();
                if (next == null || state == State.CLOSED) {
                    handling = false;
                    return;
                }
            }
            Uni<Void> done;
            try {
                handlingBytes = next.size();
                done = handle(next.message());
            } catch (RuntimeException e) {
                LOG.debugf(e, "message handling failed");
                services.metrics.increment("errors", "type", "in_handler");
                handlerFailed(e);
                error("INTERNAL", "message handling failed", false);
                continue;
            }
            if (done != null) {
                done.subscribe().with(ok -> drain(), failure -> {
                    services.metrics.increment("errors", "type", "in_handler");
                    if (!services.outage.failed(failure)) {
                        LOG.debugf(failure, "message handling failed");
                        handlerFailed(failure);
                    }
                    error("INTERNAL", "message handling failed", false);
                    drain();
                });
                return;
            }
        }
    }

    /** Handles one message; answers null when done at once, else a Uni that completes when the next may start. */
    private Uni<Void> handle(ObjectNode m) {
        String type = m.get("t").asText();
        State s;
        synchronized (this) {
            s = state;
        }
        if (s != State.LOGGED_IN && !type.equals("LOGIN") && !type.equals("PING") && !type.equals("PONG")) {
            fatal("NOT_LOGGED_IN", "log in first");
            return null;
        }
        switch (type) {
            case "LOGIN":
                if (s != State.NEW) {
                    error("PROTOCOL", "already logged in", false);
                    return null;
                }
                return login(m);
            case "PING":
                services.metrics.increment("heartbeats_received");
                send(message("PONG").put("ts", m.path("ts").asText("0")).put("serverTime", Long.toString(nowNanos())));
                return null;
            case "PONG":
                return null;
            case "APPLY_TX":
                applyTx(m);
                return null;
            case "RX_ACK":
                rxAck(m);
                return null;
            case "UPDATES_REQUEST":
                return requestUpdates(m.path("subscribe").asBoolean(true));
            case "UPDATES_CANCEL":
                cancelUpdates();
                return null;
            case "FULL_SYNC_REQUEST":
                return startFullSync("REQUESTED");
            case "FULL_SYNC_ACK":
                fullSyncAck(m.path("n").asInt(0));
                return null;
            case "FILTER_VARS":
                return filterVars(m);
            case "AUTH_REFRESH":
                return refresh(m);
            case "MSG_OBJECTS":
                if (!m.path("objects").isArray()) {
                    error("PROTOCOL", "MSG_OBJECTS needs objects", false);
                    return null;
                }
                services.messages.received(clientId, m);
                return null;
            case "CLIENT_ERROR":
                services.events.emit(LogEvents.Event.of(
                                EventType.Warning,
                                "SvSync",
                                "client error " + m.path("code").asText("") + ": "
                                        + m.path("message").asText(""))
                        .template("client error " + m.path("code").asText(""))
                        .client(clientId, shortPeer()));
                LOG.warnf(
                        "(%s) client error %s: %s",
                        shortPeer(),
                        m.path("code").asText(""),
                        m.path("message").asText(""));
                return null;
            default:
                error("UNKNOWN_MESSAGE", "unknown message type " + type, false);
                return null;
        }
    }

    // ---------------------------------------------------------------- login

    private Uni<Void> login(ObjectNode m) {
        synchronized (this) {
            state = State.LOGGING_IN;
        }
        if (m.path("protocol").asInt(-1) != 1) {
            return loginFail(55, "BAD_VERSION", "protocol version not supported (server speaks 1)", 4005);
        }
        String id = m.path("clientId").asText("");
        if (!CLIENT_ID.matcher(id).matches()) {
            return loginFail(40, "REQ_REJECTED", "clientId must be 32 hex characters", 4002);
        }
        return services.authenticator.login(m.get("credentials"), nonce, id).chain(auth -> {
            if (!auth.ok()) {
                services.metrics.increment(
                        "client_failures",
                        "type",
                        auth.code() == 53 ? "login_auth_unavailable" : "login_user_bad_credentials");
                return loginFail(auth.code(), auth.codeName(), auth.reason(), 4001);
            }
            JsonNode schema = m.path("schema");
            SchemaResolution resolved = services.schemas.resolve(
                    schema.path("baseHash").asText(null),
                    schema.path("fullHash").asText(null));
            countClientSchema(
                    schema.path("baseHash").asText(""),
                    schema.path("fullHash").asText(""),
                    resolved.version().map(RegisteredVersion::versionId).orElse(null));
            if (resolved.version().isEmpty()) {
                return loginFail(57, "UNSUPPORTED_DATA_MODEL", resolved.reason(), 4004);
            }
            Map<String, String> vars = stringMap(m.get("filterVars"));
            ClientFilter bound;
            try {
                bound = services.filters().bind(resolved.version().get().model(), vars, auth.claims());
            } catch (SyncFilters.MissingVariableException e) {
                return loginFail(40, "REQ_REJECTED", e.getMessage(), 4002);
            }
            if (services.settings.own().rejectDuplicateClientId() && registry.taken(id)) {
                return loginFail(61, "CLIENT_ID_TAKEN", "another live session uses this client ID", 4002);
            }
            return established(m, id, auth, resolved.version().get(), vars, bound);
        });
    }

    private Uni<Void> established(
            ObjectNode m,
            String id,
            AuthResult auth,
            RegisteredVersion resolved,
            Map<String, String> vars,
            ClientFilter bound) {
        String select =
                "INSERT INTO objectstore.clients (client_id, schema_version, last_login) VALUES ($1, $2, now()) "
                        + "ON CONFLICT (client_id) DO UPDATE SET schema_version = EXCLUDED.schema_version, last_login = now() "
                        + "RETURNING last_applied_cseq, filter_signature";
        return services.pool
                .preparedQuery(select)
                .execute(Tuple.of(id, resolved.versionId()))
                .chain(rows -> {
                    var row = rows.iterator().next();
                    long lastApplied = row.getLong(0);
                    Session older = registry.claim(id, this);
                    if (older != null && older != this)
                        older.close(4006, "replaced by a newer session with the same client ID");
                    String decision;
                    synchronized (this) {
                        clientId = id;
                        peer = Gids.peerOf(id);
                        version = resolved;
                        model = resolved.model();
                        claims = auth.claims();
                        readOnly = auth.readOnly();
                        filterVars = vars;
                        filter = bound;
                        storedFilterSignature = row.getString(1);
                        updatesMode = m.path("updatesMode").asText("AUTO");
                        resume = m.get("resume");
                        lastSubmittedCseq = lastApplied;
                        state = State.LOGGED_IN;
                        decision = updatesMode.equals("MANUAL") ? "NONE" : syncDecision() == null ? "DELTA" : "FULL";
                    }
                    services.metrics.increment("login_successes");
                    LOG.debugf(
                            "(%s) logged in (%s), schema version %d, sync %s",
                            shortPeer(), auth.methods(), resolved.versionId(), decision);
                    int granted = Math.max(
                            1,
                            Math.min(
                                    m.path("maxInFlight").asInt(10),
                                    services.settings.own().maxInFlight()));
                    long pruned = services.state.prunedThrough();
                    return Uni.createFrom()
                            .voidItem()
                            .invoke(() -> {
                                ObjectNode ok = message("LOGIN_OK")
                                        .put("sessionId", UUID.randomUUID().toString())
                                        .put("peer", peer)
                                        .put("maxInFlight", granted)
                                        .put("schemaVersionId", resolved.versionId())
                                        .put("serverTime", Long.toString(nowNanos()))
                                        .put("epoch", services.state.epoch());
                                ok.putObject("history")
                                        .put("oldest", Long.toString(pruned + 1))
                                        .put("latest", Long.toString(services.history.head()));
                                ok.put("lastAppliedCseq", Long.toString(lastApplied))
                                        .put("heartbeatMs", heartbeatMs)
                                        .put("sync", decision);
                                send(ok);
                            })
                            .chain(() -> updatesMode.equals("MANUAL")
                                    ? Uni.createFrom().voidItem()
                                    : requestUpdates(updatesMode.equals("AUTO")));
                });
    }

    /** Client Schema view (6.1): one login more for this hash pair, with the version it resolved to. */
    private void countClientSchema(String base, String full, Integer versionId) {
        services.pool
                .preparedQuery(
                        "INSERT INTO objectstore.client_schema_hashes (base_hash, full_hash, version_id, logins) "
                                + "VALUES ($1, $2, $3, 1) ON CONFLICT (base_hash, full_hash) DO UPDATE "
                                + "SET logins = client_schema_hashes.logins + 1, version_id = EXCLUDED.version_id")
                .execute(Tuple.of(clip(base), clip(full), versionId))
                .subscribe()
                .with(ok -> {}, f -> LOG.debugf("client schema count not stored: %s", f.getMessage()));
    }

    private static String clip(String hash) {
        return hash.length() > 32 ? hash.substring(0, 32) : hash;
    }

    /** The reason a full sync is needed (3.6, 12.9 step 4), or null for a delta. */
    private String syncDecision() {
        if (resume == null || resume.isNull() || !resume.isObject()) return "NO_POSITION";
        if (!services.state.epoch().equals(resume.path("epoch").asText())) return "EPOCH_CHANGED";
        long last;
        try {
            last = Long.parseLong(resume.path("lastHseq").asText());
        } catch (NumberFormatException e) {
            return "NO_POSITION";
        }
        if (last > services.history.head()) return "EPOCH_CHANGED";
        if (last < services.state.prunedThrough()) return "HISTORY_PRUNED";
        if (storedFilterSignature != null && !storedFilterSignature.equals(filter.signature()))
            return "FILTERS_CHANGED";
        return null;
    }

    private Uni<Void> loginFail(int code, String name, String reason, int closeCode) {
        services.metrics.increment("client_failures", "type", "login");
        // a burst of failures is one event with a count (merged by LogEvents)
        services.events.emit(
                LogEvents.Event.of(EventType.Warning, "SvLgIn", "login failed: " + name + " (" + code + ")")
                        .template("login failed " + code));
        send(message("LOGIN_FAIL")
                .put("code", code)
                .put("name", name)
                .put("reason", reason)
                .put("retryAfterMs", 0));
        close(closeCode, name);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> refresh(ObjectNode m) {
        return services.authenticator
                .login(m.get("credentials"), nonce, clientId)
                .invoke(auth -> {
                    if (auth.ok()) {
                        synchronized (this) {
                            claims = auth.claims();
                            readOnly = auth.readOnly();
                        }
                        send(message("AUTH_OK"));
                    } else {
                        send(message("AUTH_FAIL").put("code", auth.code()).put("reason", auth.reason()));
                        close(4001, "credential refresh failed");
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> filterVars(ObjectNode m) {
        Map<String, String> vars = stringMap(m.get("vars"));
        ClientFilter bound;
        try {
            bound = services.filters().bind(model, vars, claims);
        } catch (SyncFilters.MissingVariableException e) {
            error("PROTOCOL", e.getMessage(), false);
            return null;
        }
        boolean changed;
        synchronized (this) {
            changed = !bound.signature().equals(filter.signature());
            filterVars = vars;
            filter = bound;
        }
        send(message("FILTER_VARS_OK").put("fullSync", changed));
        return changed ? startFullSync("FILTERS_CHANGED") : Uni.createFrom().voidItem();
    }

    // ---------------------------------------------------------------- client TXs

    private void applyTx(ObjectNode m) {
        long cseq;
        try {
            cseq = Long.parseLong(m.path("cseq").asText(""));
        } catch (NumberFormatException e) {
            error("PROTOCOL", "APPLY_TX needs a cseq", false);
            return;
        }
        if (readOnly) {
            send(message("SYNC_ERROR").put("code", 1).put("name", "REJECT_TX_NO_PERMISSION"));
            services.metrics.increment("client_failures", "type", "login_user_no_permission");
            return;
        }
        IncomingTx tx;
        synchronized (this) {
            if (cseq > lastSubmittedCseq + 1) {
                sendGap(lastSubmittedCseq + 1);
                return;
            }
            lastSubmittedCseq = Math.max(lastSubmittedCseq, cseq);
            TxRejection rejection = null;
            List<ObjectNode> ops = List.of();
            if (m.hasNonNull("originPeer")) {
                rejection = TxRejection.schema("originPeer is reserved and must be absent in OSP/1");
            } else {
                try {
                    ops = OpCodec.decode(m.get("ops"), model);
                } catch (IllegalArgumentException e) {
                    rejection = TxRejection.schema(e.getMessage());
                }
            }
            long createdAt = parseLong(m.path("createdAt").asText("0"));
            tx = new IncomingTx(clientId, peer, cseq, m.path("txId").asText(""), createdAt, ops, rejection, model);
        }
        int opCount = tx.ops().size();
        long createdAt = tx.createdAt();
        int bytes = handlingBytes;
        services.applier
                .apply(tx)
                .subscribe()
                .with(
                        outcome -> {
                            if (outcome.status() == TxOutcome.Status.APPLIED) {
                                services.metrics.add("client_tx_ops_applied", opCount);
                                services.metrics.add("client_tx_bytes_applied", bytes);
                                if (createdAt > 0)
                                    services.metrics.observe("tx_log_age", Math.max(0, (nowNanos() - createdAt) / 1e9));
                            }
                            acknowledge(outcome);
                        },
                        failure -> {
                            if (!services.outage.failed(failure))
                                LOG.warnf("(%s) TX %d failed: %s", shortPeer(), cseq, failure.getMessage());
                            synchronized (this) {
                                lastSubmittedCseq = Math.min(lastSubmittedCseq, cseq - 1);
                            }
                            error("INTERNAL", "TX could not be applied; resend it", false);
                        });
    }

    private void acknowledge(TxOutcome outcome) {
        switch (outcome.status()) {
            case GAP -> {
                synchronized (this) {
                    lastSubmittedCseq = outcome.expected() - 1;
                }
                sendGap(outcome.expected());
            }
            case DUPLICATE -> {
                services.metrics.increment("skipped_tx_dups");
                send(message("ACK_TX")
                        .put("cseq", Long.toString(outcome.cseq()))
                        .put("status", "DUPLICATE"));
            }
            case REJECTED -> {
                if ("DB_FULL".equals(outcome.code()))
                    services.events.emit(LogEvents.Event.of(
                                    EventType.Error, "SvApTx", "TX rejected: database full (dbMaxSize reached)")
                            .client(clientId, shortPeer()));
                send(message("ACK_TX")
                        .put("cseq", Long.toString(outcome.cseq()))
                        .put("status", "REJECTED")
                        .put("code", outcome.code())
                        .put("reason", outcome.reason()));
            }
            case APPLIED -> {
                services.metrics.increment("txs_applied", "from", "client");
                ObjectNode ack = message("ACK_TX")
                        .put("cseq", Long.toString(outcome.cseq()))
                        .put("status", "APPLIED")
                        .put("hseq", Long.toString(outcome.hseq()));
                if (outcome.conflicts() != null) ack.set("conflicts", outcome.conflicts());
                send(ack);
            }
        }
    }

    private void sendGap(long expected) {
        send(message("ERROR")
                .put("code", "SEQUENCE_GAP")
                .put("message", "cseq out of order")
                .put("fatal", false)
                .put("expected", Long.toString(expected)));
    }

    // ---------------------------------------------------------------- pushes

    private Uni<Void> requestUpdates(boolean subscribe) {
        String reason;
        synchronized (this) {
            if (snapshot != null) return Uni.createFrom().voidItem();
            reason = syncDecision();
            if (reason == null) {
                position = Long.parseLong(resume.path("lastHseq").asText());
                sentPosition = position;
                subscribed = subscribe;
                catchingUp = true;
            }
        }
        if (reason != null) {
            synchronized (this) {
                startingSnapshot = true;
                subscribed = subscribe;
            }
            return startFullSync(reason);
        }
        pump();
        return Uni.createFrom().voidItem();
    }

    private void cancelUpdates() {
        Snapshot open;
        synchronized (this) {
            subscribed = false;
            catchingUp = false;
            open = snapshot;
            snapshot = null;
        }
        if (open != null) open.close().subscribe().with(ok -> {}, f -> {});
    }

    void historyAdvanced() {
        boolean wanted;
        synchronized (this) {
            wanted = state == State.LOGGED_IN && (subscribed || catchingUp);
        }
        if (wanted) pump();
    }

    private void pump() {
        long from;
        boolean pruned;
        synchronized (this) {
            if (state != State.LOGGED_IN
                    || pumping
                    || snapshot != null
                    || startingSnapshot
                    || !(subscribed || catchingUp)) return;
            if (position >= services.history.head()) {
                if (catchingUp) {
                    flushEmpty();
                    catchingUp = false;
                    send(message("UPDATES_COMPLETE").put("hseq", Long.toString(position)));
                }
                return;
            }
            if (unackedPushes.size() >= PUSH_WINDOW) return;
            pumping = true;
            from = position;
            pruned = position < services.state.prunedThrough();
        }
        if (pruned) {
            // the client is behind the retained history: only a snapshot can bring it up to date
            startFullSync("HISTORY_PRUNED")
                    .onTermination()
                    .invoke(() -> {
                        synchronized (this) {
                            pumping = false;
                        }
                    })
                    .subscribe()
                    .with(ok -> {}, f -> LOG.debugf("full sync failed: %s", f.getMessage()));
            return;
        }
        services.history
                .read(from, ENTRIES_PER_PUSH, BYTES_PER_PUSH)
                .subscribe()
                .with(
                        entries -> {
                            synchronized (this) {
                                pumping = false;
                                if (!entries.isEmpty()
                                        && position == from
                                        && state == State.LOGGED_IN
                                        && snapshot == null
                                        && !startingSnapshot) deliver(entries);
                            }
                            if (!entries.isEmpty()) pump();
                        },
                        failure -> {
                            synchronized (this) {
                                pumping = false;
                            }
                            if (!services.outage.failed(failure))
                                LOG.warnf("(%s) history read failed: %s", shortPeer(), failure.getMessage());
                            services.vertx.setTimer(1000, id -> pump());
                        });
    }

    /** Caller holds the monitor. */
    private void deliver(List<HistoryEntry> entries) {
        long after = position;
        long to = entries.get(entries.size() - 1).hseq();
        SharedPushes.Range shared =
                sharesPushes(entries) ? registry.pushes.range(model, after, to, () -> renderAll(entries)) : null;
        ArrayNode txs = shared != null ? shared.txs : renderAll(entries);
        position = to;
        if (txs.isEmpty() && !catchingUp) {
            // nothing visible: the next push (or a flush within a second) covers the range
            if (!emptyFlushScheduled) {
                emptyFlushScheduled = true;
                services.vertx.setTimer(1000, id -> {
                    synchronized (this) {
                        emptyFlushScheduled = false;
                        flushEmpty();
                    }
                });
            }
            return;
        }
        sendPush(txs, to, shared);
    }

    /**
     * Whether this client sees {@code entries} as every unfiltered client of its schema version
     * does: no sync filter, and none of them its own (own TXs are left out or echoed). Only small
     * ranges (live pushes) are shared, so the shared pushes kept stay small.
     */
    private boolean sharesPushes(List<HistoryEntry> entries) {
        if (!filter.byType().isEmpty()) return false;
        long bytes = 0;
        for (HistoryEntry e : entries) {
            if (e.clientId().equals(clientId)) return false;
            bytes += e.size();
        }
        return bytes <= SharedPushes.MAX_SHARED_BYTES;
    }

    private ArrayNode renderAll(List<HistoryEntry> entries) {
        ArrayNode txs = JsonNodeFactory.instance.arrayNode();
        for (HistoryEntry e : entries) {
            ObjectNode rendered = render(e);
            if (rendered != null) txs.add(rendered);
        }
        return txs;
    }

    private void flushEmpty() {
        if (position > sentPosition && state == State.LOGGED_IN && snapshot == null) {
            sendPush(JsonNodeFactory.instance.arrayNode(), position, null);
        }
    }

    /** {@code shared}: the range's shared rendering, whose encoded frame this push reuses (null: encode it here). */
    private void sendPush(ArrayNode txs, long to, SharedPushes.Range shared) {
        String kind = catchingUp ? "HISTORIC" : "LIVE";
        long from = sentPosition + 1;
        ObjectNode push = message("PUSH_DATA")
                .put("kind", kind)
                .put("from", Long.toString(from))
                .put("to", Long.toString(to));
        push.set("txs", txs);
        sentPosition = to;
        unackedPushes.addLast(to);
        services.metrics.increment(
                "txs_sent", "type", catchingUp ? (txs.size() > 1 ? "historic_merged" : "historic") : "new");
        if (shared == null) send(push);
        else sendEncoded(shared.frame(format, kind, from, key -> encode(push)));
    }

    /** An entry as this client sees it: its own TXs only when the result differs, visible objects only. */
    private ObjectNode render(HistoryEntry e) {
        boolean own = e.clientId().equals(clientId);
        if (own && !e.echo()) return null;
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        for (JsonNode op : e.payload().path("ops")) {
            ObjectNode rendered = OpCodec.render((ObjectNode) op, model);
            if (rendered == null) continue;
            if (op.has("type") && op.get("p") instanceof ObjectNode props) {
                Entity entity = model.entity(
                                Long.parseUnsignedLong(op.get("type").asText()))
                        .orElse(null);
                if (entity != null && !filter.visible(entity, props)) continue;
            }
            ops.add(rendered);
        }
        if (ops.isEmpty()) return null;
        String origin = e.payload().path("o").asText("server");
        ObjectNode tx = JsonNodeFactory.instance
                .objectNode()
                .put("hseq", Long.toString(e.hseq()))
                .put("origin", origin.length() > 4 ? origin.substring(0, 4).toUpperCase() : origin)
                .put("at", e.payload().path("at").asText("0"));
        tx.set("ops", ops);
        return tx;
    }

    private void rxAck(ObjectNode m) {
        long h = parseLong(m.path("hseq").asText("0"));
        synchronized (this) {
            while (!unackedPushes.isEmpty() && unackedPushes.peekFirst() <= h) unackedPushes.pollFirst();
        }
        pump();
    }

    // ---------------------------------------------------------------- full sync

    private Uni<Void> startFullSync(String reason) {
        Snapshot previous;
        synchronized (this) {
            previous = snapshot;
            snapshot = null;
            startingSnapshot = true;
        }
        Uni<Void> closing = previous == null ? Uni.createFrom().voidItem() : previous.close();
        services.metrics.increment("full_syncs");
        return closing.chain(() ->
                        Snapshot.open(services.pool, model, filter, services.settings.fullSyncMessageSplitBytes()))
                .onTermination()
                .invoke(() -> {
                    synchronized (this) {
                        startingSnapshot = false;
                    }
                })
                .invoke(s -> {
                    synchronized (this) {
                        startingSnapshot = false;
                        if (state != State.LOGGED_IN) {
                            s.close().subscribe().with(ok -> {}, f -> {});
                            return;
                        }
                        snapshot = s;
                        chunksSent = 0;
                        chunksAcked = 0;
                        unackedPushes.clear();
                        ObjectNode begin = message("FULL_SYNC_BEGIN")
                                .put("snapshotHseq", Long.toString(s.snapshotHseq()))
                                .put("reason", reason);
                        begin.set("types", s.types());
                        begin.put("chunks", s.chunkCount());
                        send(begin);
                    }
                    sendChunks();
                })
                .replaceWithVoid();
    }

    private void sendChunks() {
        Snapshot s;
        synchronized (this) {
            s = snapshot;
            if (s == null || sendingChunk || chunksSent - chunksAcked >= CHUNK_WINDOW) return;
            if (chunksSent >= s.chunkCount()) {
                endFullSync(s);
                return;
            }
            sendingChunk = true;
        }
        s.nextChunk()
                .subscribe()
                .with(
                        chunk -> {
                            synchronized (this) {
                                sendingChunk = false;
                                if (snapshot != s) return;
                                if (chunk != null) {
                                    chunksSent++;
                                    send(chunk);
                                }
                            }
                            sendChunks();
                        },
                        failure -> {
                            synchronized (this) {
                                sendingChunk = false;
                            }
                            if (!services.outage.failed(failure))
                                LOG.warnf("(%s) full sync failed: %s", shortPeer(), failure.getMessage());
                            error("INTERNAL", "full sync failed", true);
                            close(4002, "full sync failed");
                        });
    }

    /** Caller holds the monitor. */
    private void endFullSync(Snapshot s) {
        send(message("FULL_SYNC_END")
                .put("snapshotHseq", Long.toString(s.snapshotHseq()))
                .put("chunks", s.chunkCount()));
        snapshot = null;
        position = s.snapshotHseq();
        sentPosition = position;
        catchingUp = true;
        resume = JsonNodeFactory.instance
                .objectNode()
                .put("epoch", services.state.epoch())
                .put("lastHseq", Long.toString(position));
        storedFilterSignature = filter.signature();
        services.pool
                .preparedQuery("UPDATE objectstore.clients SET filter_signature = $2 WHERE client_id = $1")
                .execute(Tuple.of(clientId, filter.signature()))
                .subscribe()
                .with(ok -> {}, f -> LOG.debugf("filter signature not stored: %s", f.getMessage()));
        s.close().subscribe().with(ok -> pump(), f -> pump());
    }

    private void fullSyncAck(int n) {
        synchronized (this) {
            chunksAcked = Math.max(chunksAcked, n);
        }
        sendChunks();
    }

    // ---------------------------------------------------------------- heartbeats, errors, sending

    /** A transport failure reported by the WebSocket layer: an oversized message closes with 1009 (12.1). */
    void transportFailed(Throwable failure) {
        String text = String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT);
        LOG.debugf(
                "(%s) transport failure %s: %s", shortPeer(), failure.getClass().getSimpleName(), failure.getMessage());
        if (text.contains("size")
                || text.contains("too big")
                || text.contains("exceed")
                || failure instanceof io.netty.handler.codec.TooLongFrameException) {
            close(1009, "message too big");
        }
    }

    void checkHeartbeat() {
        long silentMs = (System.nanoTime() - lastReceived) / 1_000_000;
        if (isOpen() && silentMs > 2 * heartbeatMs + 10_000) {
            services.metrics.increment("client_failures", "type", "heartbeat");
            close(4003, "heartbeat timeout");
        }
    }

    private void error(String code, String text, boolean fatal) {
        send(message("ERROR").put("code", code).put("message", text).put("fatal", fatal));
    }

    private void fatal(String code, String text) {
        error(code, text, true);
        close(4002, code);
    }

    /**
     * Encodes now and writes on the connection's event loop: a write from another thread would be
     * queued there while one from the loop itself goes out at once, which could reorder frames
     * (a push overtaking FULL_SYNC_END). Going through the loop's queue always keeps send order.
     */
    void send(ObjectNode message) {
        if (!connection.isOpen()) return;
        sendEncoded(encode(message));
    }

    /** The frame of {@code message} in this connection's subprotocol: a String (JSON) or a byte[] (CBOR). */
    private Object encode(ObjectNode message) {
        if (format == WireFormat.CBOR) {
            Model m = model != null ? model : services.schemas.current().model();
            return WireCodec.encodeCbor(message, uid -> m.entity(uid).orElse(null));
        }
        return WireCodec.encodeText(message);
    }

    /** Writes a frame made by {@link #encode}, possibly shared with other sessions (never modified). */
    private void sendEncoded(Object frame) {
        if (!connection.isOpen()) return;
        services.metrics.increment("messages", "type", "sent");
        Runnable write;
        if (frame instanceof byte[] cbor) {
            services.metrics.add("message_bytes", "type", "sent", cbor.length);
            write = () -> connection.sendBinary(Buffer.buffer(cbor)).subscribe().with(ok -> {}, this::sendFailed);
        } else {
            String text = (String) frame;
            services.metrics.add("message_bytes", "type", "sent", text.length());
            write = () -> connection.sendText(text).subscribe().with(ok -> {}, this::sendFailed);
        }
        if (context == null) write.run();
        else context.runOnContext(ignored -> write.run());
    }

    private void handlerFailed(Throwable failure) {
        services.events.emit(LogEvents.Event.of(EventType.Error, "SvSync", "message handling failed: " + failure)
                .template("message handling failed " + failure.getClass().getName())
                .client(clientId, peer == null ? null : shortPeer())
                .failure(failure));
    }

    private void sendFailed(Throwable failure) {
        services.metrics.increment("client_failures", "type", "msg_sent");
        LOG.debugf("(%s) send failed: %s", shortPeer(), failure.getMessage());
    }

    /** The schema version the client logged in with (null before login). */
    synchronized Integer schemaVersionId() {
        return version == null ? null : version.versionId();
    }

    /** History entries this client has yet to receive (0 before login). */
    synchronized long txsBehind(long head) {
        return state == State.LOGGED_IN ? Math.max(0, head - position) : 0;
    }

    /** The connected-client row of the admin API (6.2 {@code GET /sync/clients}). */
    synchronized ClientView view(long head) {
        return new ClientView(
                clientId,
                peer == null ? null : shortPeer(),
                address,
                version == null ? null : version.versionId(),
                filterVars,
                updatesMode,
                state == State.LOGGED_IN ? position : null,
                txsBehind(head),
                readOnly);
    }

    /** Closed by the server: a schema switch or an admin action; the client reconnects. */
    synchronized boolean closedByServer() {
        return serverClosed;
    }

    void close(int code, String reason) {
        synchronized (this) {
            if (state == State.CLOSED) return;
            state = State.CLOSED;
            serverClosed = true;
        }
        Runnable closing = () ->
                connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {}, f -> {});
        if (context == null) closing.run();
        else context.runOnContext(ignored -> closing.run());
    }

    void closed() {
        Snapshot open;
        synchronized (this) {
            state = State.CLOSED;
            open = snapshot;
            snapshot = null;
        }
        if (open != null) open.close().subscribe().with(ok -> {}, f -> {});
    }

    private record Received(ObjectNode message, int size) {}

    /** A logged-in client as the admin API shows it. */
    public record ClientView(
            String clientId,
            String peer,
            String address,
            Integer schemaVersion,
            Map<String, String> filterVars,
            String updatesMode,
            Long lastHseq,
            long txsBehind,
            boolean readOnly) {}

    private static ObjectNode message(String type) {
        return JsonNodeFactory.instance.objectNode().put("t", type);
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        if (node != null && node.isObject())
            node.fields().forEachRemaining(f -> out.put(f.getKey(), f.getValue().asText()));
        return out;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private String shortPeer() {
        return peer == null ? "#" + connection.id() : peer.substring(0, 4).toUpperCase();
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
