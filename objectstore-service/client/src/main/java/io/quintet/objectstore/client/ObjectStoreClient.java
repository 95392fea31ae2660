package io.quintet.objectstore.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import io.quintet.objectstore.model.Relation;
import io.quintet.objectstore.wire.Gids;
import io.quintet.objectstore.wire.PropertyValues;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An OSP/1 sync client (plain Java 17): a local store in an H2 file, local IDs mapped to GIDs,
 * an outgoing queue that survives restarts, reconnects with back-off across several URLs, the
 * three update modes, filter variables and listeners. All protocol work runs on one thread of the
 * client's own; local writes commit together with their queue entry and are sent when logged in.
 */
public final class ObjectStoreClient implements AutoCloseable {

    private final List<URI> urls;
    private final Model model;
    private final LocalStore store;
    private final List<Credentials> credentials;
    private final String updatesMode;
    private final WireFormat format;
    private final SyncListener listener;
    private final Backoff backoff;
    private final ScheduledExecutorService loop;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String clientId;
    private final String peer;
    private volatile Map<String, String> filterVars;
    private WebSocket socket;
    private boolean loggedIn;
    private boolean closed;
    private int window = 1;
    private long sentUpTo;
    private long serverTimeDiffNanos;
    private long lastClock;
    private ScheduledFuture<?> heartbeat;
    private final List<ObjectNode> snapshotChunks = new ArrayList<>();
    /** Between FULL_SYNC_BEGIN and END: own TXs acknowledged meanwhile (hseq → TX), re-applied over the snapshot if newer. */
    private final Map<Long, ObjectNode> acknowledgedDuringSnapshot = new LinkedHashMap<>();

    private boolean snapshotInProgress;
    private volatile CompletableFuture<Void> loggedInSignal = new CompletableFuture<>();

    private ObjectStoreClient(Builder b) {
        this.urls = List.copyOf(b.urls);
        this.model = b.model;
        this.store = new LocalStore(b.database);
        this.credentials = b.credentials.isEmpty() ? List.of(Credentials.none()) : List.copyOf(b.credentials);
        this.updatesMode = b.updatesMode;
        this.format = b.format;
        this.listener = b.listener;
        this.filterVars = Map.copyOf(b.filterVars);
        this.backoff = new Backoff(urls, b.random);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "objectstore-client");
            t.setDaemon(true);
            return t;
        });
        this.clientId = store.inTransaction(() -> {
            Optional<String> id = store.meta("clientId");
            if (id.isPresent()) return id.get();
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String fresh = HexFormat.of().formatHex(random);
            store.meta("clientId", fresh);
            return fresh;
        });
        this.peer = Gids.peerOf(clientId);
    }

    public static Builder builder(Model model, Path database, URI... urls) {
        return new Builder(model, database, List.of(urls));
    }

    /** Settings chosen before start (3.7): the update mode, credentials, format, listener. */
    public static final class Builder {
        private final Model model;
        private final Path database;
        private final List<URI> urls;
        private final List<Credentials> credentials = new ArrayList<>();
        private final Map<String, String> filterVars = new HashMap<>();
        private String updatesMode = "AUTO";
        private WireFormat format = WireFormat.JSON;
        private SyncListener listener = new SyncListener() {};
        private Random random = new Random();

        private Builder(Model model, Path database, List<URI> urls) {
            this.model = model;
            this.database = database;
            this.urls = urls;
        }

        public Builder credentials(Credentials c) {
            credentials.add(c);
            return this;
        }

        /** AUTO (default), AUTO_NO_PUSHES or MANUAL. */
        public Builder updatesMode(String mode) {
            this.updatesMode = mode;
            return this;
        }

        public Builder format(WireFormat f) {
            this.format = f;
            return this;
        }

        public Builder filterVariable(String name, String value) {
            filterVars.put(name, value);
            return this;
        }

        public Builder listener(SyncListener l) {
            this.listener = l;
            return this;
        }

        public Builder random(Random r) {
            this.random = r;
            return this;
        }

        /** Opens the local store and starts connecting. */
        public ObjectStoreClient start() {
            ObjectStoreClient client = new ObjectStoreClient(this);
            client.loop.execute(client::connect);
            return client;
        }
    }

    public String clientId() {
        return clientId;
    }

    /** Estimated server time minus local time, from LOGIN_OK and PONG (3.9). */
    public Duration serverTimeDifference() {
        return Duration.ofNanos(serverTimeDiffNanos);
    }

    /** Completes when the client is logged in (again). */
    public CompletableFuture<Void> loggedIn() {
        return loggedInSignal;
    }

    // ---------------------------------------------------------------- local API

    /**
     * Puts an object; {@code id} 0 creates one. Relation properties take the target's local ID.
     * Answers the local ID. The change and its queue entry commit together.
     */
    public long put(String type, long id, Map<String, ?> values) {
        Entity entity = entity(type);
        long local = store.inTransaction(() -> {
            long l = id != 0 ? id : store.nextLocalId(entity.uid());
            String gid = store.gidOf(entity.uid(), l).orElse(null);
            if (gid == null) {
                gid = entity.sharedGlobalIds() ? Long.toString(l) : peer + "." + l;
                store.map(entity.uid(), l, gid);
            }
            ObjectNode stored = JsonNodeFactory.instance.objectNode();
            ObjectNode wire = JsonNodeFactory.instance.objectNode();
            for (Property p : entity.wireProperties().values()) {
                Object raw = values.get(p.name());
                if (p.has(Flags.SYNC_CLOCK) && raw == null) raw = Long.toString(nextClock());
                JsonNode v = raw == null
                        ? null
                        : WireCodec.JSON.valueToTree(
                                raw instanceof Long || raw instanceof java.math.BigInteger ? raw.toString() : raw);
                if (p.type() == PropertyType.RELATION && v != null && !v.isNull()) {
                    long target = v.asLong();
                    Entity targetType = model.entityNamed(p.relationTarget()).orElseThrow();
                    String targetGid = store.gidOf(targetType.uid(), target)
                            .orElseGet(
                                    () -> targetType.sharedGlobalIds() ? Long.toString(target) : peer + "." + target);
                    store.map(targetType.uid(), target, targetGid);
                    stored.put(p.name(), target);
                    wire.put(p.name(), targetGid);
                } else {
                    JsonNode canonical = PropertyValues.canonical(v, p);
                    stored.set(p.name(), canonical);
                    wire.set(p.name(), canonical);
                }
            }
            store.putObject(entity.uid(), l, stored);
            ObjectNode op = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "PUT")
                    .put("type", Long.toString(entity.uid()))
                    .put("gid", gid);
            op.set("p", wire);
            enqueue(op);
            return l;
        });
        loop.execute(this::flush);
        return local;
    }

    public void remove(String type, long id) {
        Entity entity = entity(type);
        store.inTransaction(() -> {
            Optional<String> gid = store.gidOf(entity.uid(), id);
            if (gid.isEmpty() || !store.removeObject(entity.uid(), id)) return null;
            store.removeLinksOf(owned(entity), targeting(entity), id);
            enqueue(JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "REMOVE")
                    .put("type", Long.toString(entity.uid()))
                    .put("gid", gid.get()));
            return null;
        });
        loop.execute(this::flush);
    }

    /** Adds ({@code add}) or removes a many-to-many pair of relation {@code relation} owned by {@code type}. */
    public void link(String type, String relation, long src, long dst, boolean add) {
        Entity owner = entity(type);
        Relation rel = owner.relations().stream()
                .filter(r -> r.name().equals(relation))
                .findFirst()
                .orElseThrow();
        Entity target = model.entity(rel.targetId().uid()).orElseThrow();
        store.inTransaction(() -> {
            store.link(rel.id().uid(), src, dst, add);
            String s = store.gidOf(owner.uid(), src).orElseThrow();
            String d = store.gidOf(target.uid(), dst).orElseThrow();
            enqueue(JsonNodeFactory.instance
                    .objectNode()
                    .put("op", add ? "LINK" : "UNLINK")
                    .put("rel", Long.toString(rel.id().uid()))
                    .put("src", s)
                    .put("dst", d));
            return null;
        });
        loop.execute(this::flush);
    }

    public Optional<ObjectNode> get(String type, long id) {
        return store.inTransaction(() -> store.object(entity(type).uid(), id));
    }

    public List<Long> ids(String type) {
        return store.inTransaction(() -> store.ids(entity(type).uid()));
    }

    public List<Long> linked(String type, String relation, long src) {
        Relation rel = entity(type).relations().stream()
                .filter(r -> r.name().equals(relation))
                .findFirst()
                .orElseThrow();
        return store.inTransaction(() -> store.targets(rel.id().uid(), src));
    }

    /** TXs still waiting for the server's acknowledgement. */
    public int pendingCount() {
        return store.pending().size();
    }

    public long lastHseq() {
        return store.inTransaction(
                () -> store.meta("lastHseq").map(Long::parseLong).orElse(0L));
    }

    // ---------------------------------------------------------------- runtime controls (3.7)

    public void requestUpdates(boolean subscribe) {
        loop.execute(() -> send(msg("UPDATES_REQUEST").put("subscribe", subscribe)));
    }

    public void cancelUpdates() {
        loop.execute(() -> send(msg("UPDATES_CANCEL")));
    }

    public void requestFullSync() {
        loop.execute(() -> send(msg("FULL_SYNC_REQUEST").put("reason", "APP_REQUEST")));
    }

    /** Replaces the filter variables (FILTER_VARS); the server may answer with a full sync. */
    public void filterVariables(Map<String, String> vars) {
        filterVars = Map.copyOf(vars);
        loop.execute(() -> {
            ObjectNode m = msg("FILTER_VARS");
            vars.forEach(m.putObject("vars")::put);
            send(m);
        });
    }

    public void sendObjectsMessage(String topic, String type, byte[] data) {
        loop.execute(() -> {
            ObjectNode m = msg("MSG_OBJECTS").put("topic", topic);
            m.putArray("objects")
                    .addObject()
                    .put("type", type)
                    .put("data", Base64.getEncoder().encodeToString(data));
            send(m);
        });
    }

    /** Drops the connection and reconnects at once (e.g. on a network-available event). */
    public void reconnectNow() {
        loop.execute(() -> {
            if (socket != null) socket.abort();
            backoff.reset();
        });
    }

    // ---------------------------------------------------------------- connection

    private void connect() {
        if (closed) return;
        URI url = backoff.nextUrl();
        Receiver receiver = new Receiver();
        http.newWebSocketBuilder()
                .subprotocols(format.subprotocol())
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(url, receiver)
                .whenComplete((ws, failure) -> loop.execute(() -> {
                    if (failure != null) {
                        scheduleReconnect();
                    } else {
                        socket = ws;
                    }
                }));
    }

    private void scheduleReconnect() {
        if (closed) return;
        loggedIn = false;
        if (heartbeat != null) heartbeat.cancel(false);
        if (loggedInSignal.isDone()) loggedInSignal = new CompletableFuture<>();
        loop.schedule(this::connect, backoff.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                loop.execute(() -> handle(ws, WireCodec.decodeText(frame)));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                byte[] frame = binary.toByteArray();
                binary.reset();
                loop.execute(() -> handle(ws, WireCodec.decodeBinary(frame, WireFormat.CBOR)));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            loop.execute(() -> dropped(ws));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            loop.execute(() -> dropped(ws));
        }
    }

    private void dropped(WebSocket ws) {
        if (ws != socket && socket != null) return;
        socket = null;
        scheduleReconnect();
    }

    private void handle(WebSocket ws, ObjectNode m) {
        if (ws != socket && socket != null) return;
        socket = ws;
        try {
            switch (m.path("t").asText()) {
                case "HELLO" -> login(m);
                case "LOGIN_OK" -> loginOk(m);
                case "LOGIN_FAIL" ->
                    listener.loggedIn(m.path("code").asInt(), m.path("reason").asText());
                case "ACK_TX" -> ack(m);
                case "PUSH_DATA" -> push(m);
                case "UPDATES_COMPLETE" ->
                    listener.syncCompleted(Long.parseLong(m.path("hseq").asText("0")));
                case "FULL_SYNC_BEGIN" -> {
                    snapshotChunks.clear();
                    acknowledgedDuringSnapshot.clear();
                    snapshotInProgress = true;
                }
                case "FULL_SYNC_CHUNK" -> {
                    snapshotChunks.add(m);
                    send(msg("FULL_SYNC_ACK").put("n", m.path("n").asInt()));
                }
                case "FULL_SYNC_END" -> installSnapshot(m);
                case "PING" ->
                    send(msg("PONG").put("ts", m.path("ts").asText()).put("serverTime", Long.toString(nowNanos())));
                case "PONG" ->
                    serverTimeDiffNanos = Long.parseLong(m.path("serverTime").asText("0")) - nowNanos();
                case "MSG_OBJECTS" -> listener.objectsMessage(m);
                case "SYNC_ERROR" ->
                    listener.error(
                            m.path("name").asText(), "code " + m.path("code").asInt());
                case "ERROR" -> {
                    if (m.path("code").asText().equals("SEQUENCE_GAP")) {
                        sentUpTo = Long.parseLong(m.path("expected").asText()) - 1;
                        flush();
                    }
                    listener.error(m.path("code").asText(), m.path("message").asText());
                }
                default -> {}
            }
        } catch (RuntimeException e) {
            listener.error("CLIENT", e.getMessage());
            send(msg("CLIENT_ERROR").put("code", "APPLY_FAILED").put("message", String.valueOf(e.getMessage())));
        }
    }

    private void login(ObjectNode hello) {
        byte[] nonce = Base64.getDecoder().decode(hello.path("nonce").asText(""));
        ObjectNode login = msg("LOGIN").put("protocol", 1).put("clientId", clientId);
        login.putObject("client")
                .put("sdk", "quintet-java")
                .put("sdkVersion", "1.0.0")
                .put("platform", "java");
        ArrayNode creds = login.putArray("credentials");
        credentials.forEach(c -> creds.add(c.build(nonce, clientId)));
        login.putObject("schema").put("baseHash", model.baseHash()).put("fullHash", model.fullHash());
        Optional<String> epoch = store.inTransaction(() -> store.meta("epoch"));
        if (epoch.isPresent()) {
            login.putObject("resume").put("epoch", epoch.get()).put("lastHseq", Long.toString(lastHseq()));
        } else {
            login.putNull("resume");
        }
        filterVars.forEach(login.putObject("filterVars")::put);
        Map<Long, ObjectNode> pending = store.pending();
        login.put("updatesMode", updatesMode)
                .put("maxInFlight", 10)
                .put(
                        "pendingFromCseq",
                        Long.toString(
                                pending.isEmpty()
                                        ? 0
                                        : pending.keySet().iterator().next()));
        send(login);
    }

    private void loginOk(ObjectNode ok) {
        loggedIn = true;
        backoff.reset();
        currentEpoch = ok.path("epoch").asText();
        window = Math.max(1, ok.path("maxInFlight").asInt(1));
        serverTimeDiffNanos = Long.parseLong(ok.path("serverTime").asText("0")) - nowNanos();
        long applied = Long.parseLong(ok.path("lastAppliedCseq").asText("0"));
        store.inTransaction(() -> {
            store.dropPendingUpTo(applied);
            return null;
        });
        sentUpTo = applied;
        long every = Math.max(100, ok.path("heartbeatMs").asLong(60_000) / 2);
        heartbeat = loop.scheduleAtFixedRate(
                () -> send(msg("PING").put("ts", Long.toString(nowNanos()))), every, every, TimeUnit.MILLISECONDS);
        listener.loggedIn(20, "");
        loggedInSignal.complete(null);
        flush();
    }

    private void flush() {
        if (!loggedIn || socket == null) return;
        Map<Long, ObjectNode> pending = store.pending();
        long acked = pending.isEmpty() ? sentUpTo : pending.keySet().iterator().next() - 1;
        for (Map.Entry<Long, ObjectNode> e : pending.entrySet()) {
            if (e.getKey() <= sentUpTo) continue;
            if (e.getKey() - acked > window) break;
            send(e.getValue());
            sentUpTo = e.getKey();
        }
    }

    private void ack(ObjectNode m) {
        long cseq = Long.parseLong(m.path("cseq").asText());
        if (snapshotInProgress && m.path("status").asText().equals("APPLIED")) {
            ObjectNode tx = store.pending().get(cseq);
            if (tx != null)
                acknowledgedDuringSnapshot.put(Long.parseLong(m.path("hseq").asText("0")), tx);
        }
        store.inTransaction(() -> {
            store.dropPendingUpTo(cseq);
            return null;
        });
        if (m.path("status").asText().equals("REJECTED"))
            listener.error(m.path("code").asText(), m.path("reason").asText());
        flush();
    }

    private void enqueue(ObjectNode op) throws SQLException {
        long cseq = store.meta("nextCseq").map(Long::parseLong).orElse(1L);
        store.meta("nextCseq", Long.toString(cseq + 1));
        ObjectNode tx = msg("APPLY_TX")
                .put("cseq", Long.toString(cseq))
                .put("txId", UUID.randomUUID().toString())
                .put("createdAt", Long.toString(nowNanos()));
        tx.putArray("ops").add(op);
        store.enqueue(cseq, tx);
    }

    // ---------------------------------------------------------------- incoming data

    private void push(ObjectNode m) {
        long to = Long.parseLong(m.path("to").asText());
        Map<String, Set<Long>[]> changes = new LinkedHashMap<>();
        boolean applied = store.inTransaction(() -> {
            if (to <= store.meta("lastHseq").map(Long::parseLong).orElse(0L)) return false; // re-delivered range
            for (JsonNode tx : m.path("txs")) for (JsonNode op : tx.path("ops")) applyOp((ObjectNode) op, changes);
            store.meta("lastHseq", Long.toString(to));
            return true;
        });
        send(msg("RX_ACK").put("hseq", Long.toString(to)));
        if (applied) notify(changes);
    }

    @SuppressWarnings("unchecked")
    private void applyOp(ObjectNode op, Map<String, Set<Long>[]> changes) throws SQLException {
        String kind = op.path("op").asText();
        if (kind.equals("LINK") || kind.equals("UNLINK")) {
            long relUid = Long.parseUnsignedLong(op.path("rel").asText());
            Optional<Relation> rel = model.relation(relUid);
            if (rel.isEmpty()) return;
            Entity owner = model.relationOwner(relUid).orElseThrow();
            Entity target = model.entity(rel.get().targetId().uid()).orElseThrow();
            store.link(
                    relUid,
                    localFor(owner, op.path("src").asText()),
                    localFor(target, op.path("dst").asText()),
                    kind.equals("LINK"));
            return;
        }
        Optional<Entity> found =
                model.entity(Long.parseUnsignedLong(op.path("type").asText()));
        if (found.isEmpty()) return;
        Entity entity = found.get();
        String gid = op.path("gid").asText();
        Set<Long>[] sets = changes.computeIfAbsent(entity.name(), k -> new Set[] {new HashSet<>(), new HashSet<>()});
        if (kind.equals("REMOVE")) {
            Optional<Long> local = store.localOf(entity.uid(), gid);
            if (local.isPresent() && store.removeObject(entity.uid(), local.get())) {
                store.removeLinksOf(owned(entity), targeting(entity), local.get());
                sets[1].add(local.get());
            }
            return;
        }
        long local = localFor(entity, gid);
        ObjectNode stored = store.object(entity.uid(), local).orElse(JsonNodeFactory.instance.objectNode());
        JsonNode p = op.path("p");
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            Optional<Property> prop = entity.property(f.getKey());
            if (prop.isEmpty()) continue;
            if (prop.get().type() == PropertyType.RELATION && !f.getValue().isNull()) {
                Entity target = model.entityNamed(prop.get().relationTarget()).orElseThrow();
                stored.put(f.getKey(), localFor(target, f.getValue().asText()));
            } else {
                stored.set(f.getKey(), PropertyValues.canonical(f.getValue(), prop.get()));
            }
        }
        store.putObject(entity.uid(), local, stored);
        sets[0].add(local);
    }

    /** The local ID of a GID, allocated on first sight (3.4). */
    private long localFor(Entity entity, String gid) throws SQLException {
        Optional<Long> local = store.localOf(entity.uid(), gid);
        if (local.isPresent()) return local.get();
        long fresh = entity.sharedGlobalIds() ? Long.parseLong(gid) : store.nextLocalId(entity.uid());
        store.map(entity.uid(), fresh, gid);
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private void installSnapshot(ObjectNode end) {
        long snapshot = Long.parseLong(end.path("snapshotHseq").asText());
        Map<String, Set<Long>[]> changes = new LinkedHashMap<>();
        store.inTransaction(() -> {
            List<Long> types = model.syncTypes().stream().map(Entity::uid).toList();
            List<Long> rels = model.syncTypes().stream()
                    .flatMap(e -> e.relations().stream())
                    .map(r -> r.id().uid())
                    .toList();
            store.clearData(types, rels);
            for (ObjectNode chunk : snapshotChunks) {
                String type = chunk.path("type").asText();
                for (JsonNode o : chunk.path("objects")) {
                    ObjectNode op = JsonNodeFactory.instance
                            .objectNode()
                            .put("op", "PUT")
                            .put("type", type)
                            .put("gid", o.path("gid").asText());
                    op.set("p", o.path("p"));
                    applyOp(op, changes);
                }
                for (JsonNode l : chunk.path("links")) {
                    ObjectNode op = JsonNodeFactory.instance.objectNode().put("op", "LINK");
                    op.setAll((ObjectNode) l);
                    applyOp(op, changes);
                }
            }
            // outgoing data is never dropped by a full sync: re-apply what the snapshot does not hold yet
            for (Map.Entry<Long, ObjectNode> e : acknowledgedDuringSnapshot.entrySet()) {
                if (e.getKey() > snapshot)
                    for (JsonNode op : e.getValue().path("ops")) applyOp((ObjectNode) op, changes);
            }
            for (ObjectNode tx : store.pending().values()) {
                for (JsonNode op : tx.path("ops")) applyOp((ObjectNode) op, changes);
            }
            store.meta("lastHseq", Long.toString(snapshot));
            store.meta("epoch", currentEpoch);
            return null;
        });
        snapshotChunks.clear();
        acknowledgedDuringSnapshot.clear();
        snapshotInProgress = false;
        send(msg("RX_ACK").put("hseq", Long.toString(snapshot)));
        notify(changes);
    }

    private String currentEpoch = "";

    private void notify(Map<String, Set<Long>[]> changes) {
        changes.forEach((type, sets) -> {
            if (!sets[0].isEmpty() || !sets[1].isEmpty()) listener.changed(type, sets[0], sets[1]);
        });
    }

    // ---------------------------------------------------------------- helpers

    private Entity entity(String type) {
        Entity e = model.entityNamed(type).orElseThrow(() -> new IllegalArgumentException("no type " + type));
        if (!e.syncEnabled()) throw new IllegalArgumentException(type + " is not a sync type");
        return e;
    }

    private List<Long> owned(Entity entity) {
        return entity.relations().stream().map(r -> r.id().uid()).toList();
    }

    private List<Long> targeting(Entity entity) {
        return model.entities().stream()
                .flatMap(e -> e.relations().stream())
                .filter(r -> r.targetId().uid() == entity.uid())
                .map(r -> r.id().uid())
                .toList();
    }

    /** OSP hybrid clock (3.5): 48 bits of milliseconds, 16 bits of counter, clamped to server time + 1 minute. */
    private synchronized long nextClock() {
        long now = System.currentTimeMillis();
        long serverNowMs = (nowNanos() + serverTimeDiffNanos) / 1_000_000;
        long physical = Math.min(now, serverNowMs + 60_000);
        long lastPhysical = lastClock >>> 16;
        lastClock = physical > lastPhysical ? physical << 16 : lastClock + 1;
        return lastClock;
    }

    /** Sends in order: the JDK WebSocket takes one outstanding send at a time, so sends are chained. */
    private void send(ObjectNode message) {
        WebSocket ws = socket;
        if (ws == null) return;
        if (sendsOf != ws) {
            sendsOf = ws;
            sends = CompletableFuture.completedFuture(ws);
        }
        sends = sends.thenCompose(w -> format == WireFormat.CBOR
                        ? w.sendBinary(
                                ByteBuffer.wrap(WireCodec.encodeCbor(
                                        message, uid -> model.entity(uid).orElse(null))),
                                true)
                        : w.sendText(WireCodec.encodeText(message), true))
                .exceptionally(failure -> ws);
    }

    private WebSocket sendsOf;
    private CompletableFuture<WebSocket> sends;

    private static ObjectNode msg(String type) {
        return JsonNodeFactory.instance.objectNode().put("t", type);
    }

    private static long nowNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closed = true;
            if (heartbeat != null) heartbeat.cancel(false);
            if (socket != null) socket.abort();
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        }
        loop.shutdownNow();
        store.close();
    }
}
