package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.history.HistoryEntry;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.Model;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.wire.Gids;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.protocol.oplog.Appended;
import io.quintet.protocol.oplog.LogTransaction;
import io.quintet.protocol.oplog.NewOperation;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * One group of client TXs in one database transaction (3.2 step 3, 12.8): lock the senders'
 * position rows, load every object the group touches, judge each TX in arrival order in memory
 * (duplicate, gap, conflicts, unique constraints, GID ownership; a TX is staged and kept only if
 * all of it is valid, so it is atomic), then write the net result with one statement per table and
 * append one history entry per applied TX. Positions are written in the same transaction, so a
 * crash between commit and ACK leaves a duplicate the next attempt recognises.
 */
final class GroupWrite {

    private static final Logger LOG = Logger.getLogger("io.quintet.objectstore.SvApTx");
    static final String STREAM = "tx";
    private static final ObjectNode REMOVED = JsonNodeFactory.instance.objectNode();

    private static final String LOCK_CLIENTS = "INSERT INTO objectstore.clients (client_id) SELECT unnest($1::text[]) "
            + "ON CONFLICT (client_id) DO UPDATE SET client_id = EXCLUDED.client_id RETURNING client_id, last_applied_cseq";
    private static final String LOAD = "SELECT o.type_uid, o.gid, o.props::text FROM objectstore.objects o "
            + "JOIN unnest($1::bigint[], $2::text[]) AS u(t, g) ON o.type_uid = u.t AND o.gid = u.g ORDER BY 1, 2 FOR UPDATE OF o";
    private static final String LOAD_UNIQUE = "SELECT o.type_uid, o.gid, o.props::text FROM objectstore.objects o "
            + "JOIN unnest($1::bigint[], $2::text[], $3::text[]) AS u(t, k, v) ON o.type_uid = u.t AND o.props ->> u.k = u.v "
            + "ORDER BY 1, 2 FOR UPDATE OF o";
    private static final String UPSERT = "INSERT INTO objectstore.objects (type_uid, gid, props) "
            + "SELECT t, g, p::jsonb FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(t, g, p) "
            + "ON CONFLICT (type_uid, gid) DO UPDATE SET props = EXCLUDED.props";
    private static final String DELETE =
            "DELETE FROM objectstore.objects o USING unnest($1::bigint[], $2::text[]) AS u(t, g) "
                    + "WHERE o.type_uid = u.t AND o.gid = u.g";
    private static final String LINK = "INSERT INTO objectstore.links (rel_uid, src, dst) "
            + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING";
    private static final String UNLINK =
            "DELETE FROM objectstore.links l USING unnest($1::bigint[], $2::text[], $3::text[]) AS u(r, s, d) "
                    + "WHERE l.rel_uid = u.r AND l.src = u.s AND l.dst = u.d";
    private static final String UNLINK_SRC =
            "DELETE FROM objectstore.links l USING unnest($1::bigint[], $2::text[]) AS u(r, g) "
                    + "WHERE l.rel_uid = u.r AND l.src = u.g";
    private static final String UNLINK_DST =
            "DELETE FROM objectstore.links l USING unnest($1::bigint[], $2::text[]) AS u(r, g) "
                    + "WHERE l.rel_uid = u.r AND l.dst = u.g";
    private static final String POSITIONS = "UPDATE objectstore.clients c SET last_applied_cseq = u.q "
            + "FROM unnest($1::text[], $2::bigint[]) AS u(id, q) WHERE c.client_id = u.id";

    record Key(long type, String gid) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(type, o.type);
            return c != 0 ? c : gid.compareTo(o.gid);
        }
    }

    record LinkKey(long rel, String src, String dst) {}

    private static final class RejectedTx extends RuntimeException {
        final TxRejection why;

        RejectedTx(TxRejection why) {
            super(why.reason(), null, false, false);
            this.why = why;
        }
    }

    private final LogTransaction transaction;
    private final List<IncomingTx> txs;
    private final ServerClock clock;
    private final boolean databaseFull;
    private final boolean removeWithoutObjectData;
    private final Map<Key, ObjectNode> stored = new HashMap<>();
    private final Map<Key, ObjectNode> changed = new LinkedHashMap<>();
    private final Map<LinkKey, Boolean> links = new LinkedHashMap<>();
    private final Map<String, Long> positions = new HashMap<>();
    private final Map<String, Long> positionsToWrite = new LinkedHashMap<>();
    private final List<TxOutcome> outcomes = new ArrayList<>();
    private final List<Integer> appliedIndexes = new ArrayList<>();
    private final List<NewOperation> entries = new ArrayList<>();
    /** The history payloads of {@link #entries}, kept parsed for this replica's own live push. */
    private final List<ObjectNode> payloads = new ArrayList<>();

    private final List<Integer> payloadSizes = new ArrayList<>();
    private final List<HistoryEntry> committed = new ArrayList<>();

    GroupWrite(
            LogTransaction transaction,
            List<IncomingTx> txs,
            ServerClock clock,
            boolean databaseFull,
            boolean removeWithoutObjectData) {
        this.transaction = transaction;
        this.txs = txs;
        this.clock = clock;
        this.databaseFull = databaseFull;
        this.removeWithoutObjectData = removeWithoutObjectData;
    }

    Uni<List<TxOutcome>> run() {
        SqlConnection c = transaction.connection();
        String[] clients =
                txs.stream().map(IncomingTx::clientId).distinct().sorted().toArray(String[]::new);
        return c.preparedQuery(LOCK_CLIENTS)
                .execute(Tuple.of(clients))
                .invoke(rows -> rows.forEach(r -> positions.put(r.getString(0), r.getLong(1))))
                .chain(() -> load(c))
                .chain(() -> loadUniqueHolders(c))
                .invoke(this::judge)
                .chain(() -> write(c))
                .map(appended -> {
                    for (int i = 0; i < appliedIndexes.size(); i++) {
                        int index = appliedIndexes.get(i);
                        outcomes.set(
                                index,
                                outcomes.get(index).withHseq(appended.get(i).sequence()));
                        if (!appended.get(i).duplicate())
                            committed.add(
                                    new HistoryEntry(appended.get(i).sequence(), payloads.get(i), payloadSizes.get(i)));
                    }
                    return outcomes;
                });
    }

    /** The history entries this group appended, in hseq order, once {@link #run()} succeeded (valid after commit). */
    List<HistoryEntry> committed() {
        return committed;
    }

    private Uni<Void> load(SqlConnection c) {
        TreeSet<Key> keys = new TreeSet<>();
        for (IncomingTx tx : txs) {
            for (ObjectNode op : tx.ops()) {
                if (op.has("gid"))
                    keys.add(new Key(
                            Long.parseUnsignedLong(op.get("type").asText()),
                            op.get("gid").asText()));
            }
        }
        if (keys.isEmpty()) return Uni.createFrom().voidItem();
        Long[] types = keys.stream().map(Key::type).toArray(Long[]::new);
        String[] gids = keys.stream().map(Key::gid).toArray(String[]::new);
        return c.preparedQuery(LOAD)
                .execute(Tuple.of(types, gids))
                .invoke(rows -> rows.forEach(this::remember))
                .replaceWithVoid();
    }

    /** Objects holding a value a PUT of this group wants for a UNIQUE property. */
    private Uni<Void> loadUniqueHolders(SqlConnection c) {
        List<Long> types = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (IncomingTx tx : txs) {
            if (tx.rejection() != null) continue;
            for (ObjectNode op : tx.ops()) {
                if (!op.path("op").asText().equals("PUT")) continue;
                Entity entity = entity(tx.model(), op);
                for (Property p : uniqueProperties(entity)) {
                    JsonNode v = op.get("p").get(ConflictRule.key(p));
                    if (v != null && !v.isNull()) {
                        types.add(entity.uid());
                        keys.add(ConflictRule.key(p));
                        values.add(v.asText());
                    }
                }
            }
        }
        if (types.isEmpty()) return Uni.createFrom().voidItem();
        return c.preparedQuery(LOAD_UNIQUE)
                .execute(Tuple.of(
                        types.toArray(Long[]::new), keys.toArray(String[]::new), values.toArray(String[]::new)))
                .invoke(rows -> rows.forEach(this::remember))
                .replaceWithVoid();
    }

    private void remember(Row r) {
        try {
            stored.put(new Key(r.getLong(0), r.getString(1)), (ObjectNode) WireCodec.JSON.readTree(r.getString(2)));
        } catch (Exception e) {
            throw new IllegalStateException("unreadable stored object " + r.getString(1), e);
        }
    }

    private static List<Property> uniqueProperties(Entity entity) {
        return entity.properties().stream()
                .filter(p -> p.has(Flags.UNIQUE) && !p.isId())
                .toList();
    }

    private static Entity entity(Model model, ObjectNode op) {
        return model.entity(Long.parseUnsignedLong(op.get("type").asText())).orElseThrow();
    }

    private ObjectNode current(Map<Key, ObjectNode> staged, Key key) {
        ObjectNode v = staged.containsKey(key)
                ? staged.get(key)
                : changed.containsKey(key) ? changed.get(key) : stored.get(key);
        return v == REMOVED ? null : v;
    }

    private void judge() {
        for (IncomingTx tx : txs) {
            long last = positions.getOrDefault(tx.clientId(), 0L);
            if (tx.cseq() <= last) {
                outcomes.add(TxOutcome.duplicate(tx.cseq()));
                continue;
            }
            if (tx.cseq() != last + 1) {
                outcomes.add(TxOutcome.gap(tx.cseq(), last + 1));
                continue;
            }
            positions.put(tx.clientId(), tx.cseq());
            positionsToWrite.put(tx.clientId(), tx.cseq());
            TxRejection rejection = tx.rejection();
            if (rejection == null && databaseFull) {
                rejection = new TxRejection("DB_FULL", "database full (dbMaxSize reached)");
            }
            if (rejection != null) {
                outcomes.add(TxOutcome.rejected(tx.cseq(), rejection));
                continue;
            }
            Map<Key, ObjectNode> staged = new LinkedHashMap<>();
            Map<LinkKey, Boolean> stagedLinks = new LinkedHashMap<>();
            ArrayNode history = JsonNodeFactory.instance.arrayNode();
            ArrayNode conflicts = JsonNodeFactory.instance.arrayNode();
            boolean[] echo = {false};
            try {
                for (int i = 0; i < tx.ops().size(); i++) {
                    stage(tx, i, staged, stagedLinks, history, conflicts, echo);
                }
            } catch (RejectedTx r) {
                outcomes.add(TxOutcome.rejected(tx.cseq(), r.why));
                continue;
            }
            changed.putAll(staged);
            links.putAll(stagedLinks);
            ObjectNode payload = JsonNodeFactory.instance
                    .objectNode()
                    .put("c", tx.clientId())
                    .put("o", tx.peer())
                    .put("at", Long.toString(tx.createdAt()))
                    .put("txId", tx.txId())
                    .put("echo", echo[0]);
            payload.set("ops", history);
            String payloadJson = payload.toString();
            entries.add(new NewOperation(tx.clientId() + ":" + tx.cseq(), payloadJson));
            payloads.add(payload);
            payloadSizes.add(payloadJson.length());
            appliedIndexes.add(outcomes.size());
            outcomes.add(TxOutcome.applied(tx.cseq(), conflicts.isEmpty() ? null : conflicts));
        }
    }

    private void stage(
            IncomingTx tx,
            int index,
            Map<Key, ObjectNode> staged,
            Map<LinkKey, Boolean> stagedLinks,
            ArrayNode history,
            ArrayNode conflicts,
            boolean[] echo) {
        ObjectNode op = tx.ops().get(index);
        String kind = op.get("op").asText();
        if (kind.equals("LINK") || kind.equals("UNLINK")) {
            stagedLinks.put(
                    new LinkKey(
                            Long.parseUnsignedLong(op.get("rel").asText()),
                            op.get("src").asText(),
                            op.get("dst").asText()),
                    kind.equals("LINK"));
            history.add(op);
            return;
        }
        Entity entity = entity(tx.model(), op);
        Key key = new Key(entity.uid(), op.get("gid").asText());
        ObjectNode before = current(staged, key);
        if (kind.equals("REMOVE")) {
            if (before == null) {
                LOG.debugf("remove of unknown object %s ignored", key.gid());
                return;
            }
            ObjectNode data = op.get("p") instanceof ObjectNode p ? p : null;
            if (ConflictRule.carriesConflictData(entity, data) && !ConflictRule.accepts(entity, before, data)) {
                lost(entity, key, before, index, history, conflicts, echo);
                return;
            }
            staged.put(key, REMOVED);
            ObjectNode recorded = JsonNodeFactory.instance
                    .objectNode()
                    .put("op", "REMOVE")
                    .put("type", op.get("type").asText())
                    .put("gid", key.gid());
            if (data != null && !removeWithoutObjectData) recorded.set("p", data);
            history.add(recorded);
            return;
        }
        ObjectNode incoming = (ObjectNode) op.get("p");
        Optional<Property> clockProperty = entity.flagged(Flags.SYNC_CLOCK);
        if (clockProperty.isPresent()) {
            JsonNode clockValue = incoming.get(ConflictRule.key(clockProperty.get()));
            if (clockValue == null || clockValue.isNull() || clockValue.asText().equals("0")) {
                incoming = incoming.deepCopy();
                incoming.put(ConflictRule.key(clockProperty.get()), Long.toString(clock.now()));
                echo[0] = true;
            }
        }
        ObjectNode merged;
        if (before == null) {
            String origin = Gids.originPeer(key.gid());
            if (!entity.sharedGlobalIds() && (origin == null || !origin.equals(tx.peer()))) {
                throw new RejectedTx(
                        new TxRejection("BAD_GID", "new object " + key.gid() + " does not carry the sender's peer ID"));
            }
            merged = incoming.deepCopy();
        } else {
            if (!ConflictRule.accepts(entity, before, incoming)) {
                lost(entity, key, before, index, history, conflicts, echo);
                return;
            }
            merged = before.deepCopy();
            merged.setAll(incoming);
        }
        for (Property unique : uniqueProperties(entity)) {
            JsonNode value = merged.get(ConflictRule.key(unique));
            if (value == null || value.isNull()) continue;
            for (Key other : holders(entity.uid(), ConflictRule.key(unique), value, staged)) {
                if (other.equals(key)) continue;
                if (unique.has(Flags.UNIQUE_ON_CONFLICT_REPLACE)) {
                    staged.put(other, REMOVED);
                    history.add(JsonNodeFactory.instance
                            .objectNode()
                            .put("op", "REMOVE")
                            .put("type", Long.toString(entity.uid()))
                            .put("gid", other.gid()));
                } else {
                    throw new RejectedTx(
                            new TxRejection("71", "TX_VIOLATED_UNIQUE: " + entity.name() + "." + unique.name()));
                }
            }
        }
        staged.put(key, merged);
        history.add(JsonNodeFactory.instance
                .objectNode()
                .put("op", "PUT")
                .put("type", Long.toString(entity.uid()))
                .put("gid", key.gid())
                .set("p", merged));
    }

    private List<Key> holders(long type, String propertyKey, JsonNode value, Map<Key, ObjectNode> staged) {
        TreeSet<Key> candidates = new TreeSet<>();
        for (Map<Key, ObjectNode> layer : List.of(stored, changed, staged)) {
            for (Key k : layer.keySet()) if (k.type() == type) candidates.add(k);
        }
        List<Key> out = new ArrayList<>();
        for (Key k : candidates) {
            ObjectNode props = current(staged, k);
            if (props != null && value.equals(props.get(propertyKey))) out.add(k);
        }
        return out;
    }

    /** The op lost (3.5): reported in ACK_TX, and the stored winner goes back to the sender (echo). */
    private void lost(
            Entity entity,
            Key key,
            ObjectNode winner,
            int index,
            ArrayNode history,
            ArrayNode conflicts,
            boolean[] echo) {
        conflicts.add(JsonNodeFactory.instance
                .objectNode()
                .put("op", index)
                .put("gid", key.gid())
                .put("outcome", "LOST"));
        history.add(JsonNodeFactory.instance
                .objectNode()
                .put("op", "PUT")
                .put("type", Long.toString(entity.uid()))
                .put("gid", key.gid())
                .set("p", winner));
        echo[0] = true;
    }

    private Uni<List<Appended>> write(SqlConnection c) {
        List<Long> upType = new ArrayList<>();
        List<Long> delType = new ArrayList<>();
        List<String> upGid = new ArrayList<>();
        List<String> upProps = new ArrayList<>();
        List<String> delGid = new ArrayList<>();
        for (Map.Entry<Key, ObjectNode> e : changed.entrySet()) {
            if (e.getValue() == REMOVED) {
                delType.add(e.getKey().type());
                delGid.add(e.getKey().gid());
            } else {
                upType.add(e.getKey().type());
                upGid.add(e.getKey().gid());
                upProps.add(e.getValue().toString());
            }
        }
        List<Long> lRel = new ArrayList<>();
        List<Long> uRel = new ArrayList<>();
        List<String> lSrc = new ArrayList<>();
        List<String> lDst = new ArrayList<>();
        List<String> uSrc = new ArrayList<>();
        List<String> uDst = new ArrayList<>();
        links.forEach((k, add) -> {
            (add ? lRel : uRel).add(k.rel());
            (add ? lSrc : uSrc).add(k.src());
            (add ? lDst : uDst).add(k.dst());
        });
        // the links of removed objects go too (12.7.1): per relation owned by or targeting the removed type
        List<Long> srcRel = new ArrayList<>();
        List<Long> dstRel = new ArrayList<>();
        List<String> srcGid = new ArrayList<>();
        List<String> dstGid = new ArrayList<>();
        Model model = txs.get(0).model();
        for (int i = 0; i < delType.size(); i++) {
            long type = delType.get(i);
            String gid = delGid.get(i);
            for (Entity e : model.entities()) {
                e.relations().forEach(r -> {
                    if (e.uid() == type) {
                        srcRel.add(r.id().uid());
                        srcGid.add(gid);
                    }
                    if (r.targetId().uid() == type) {
                        dstRel.add(r.id().uid());
                        dstGid.add(gid);
                    }
                });
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!upType.isEmpty())
            chain = chain.chain(() -> run(
                    c,
                    UPSERT,
                    Tuple.of(
                            upType.toArray(Long[]::new),
                            upGid.toArray(String[]::new),
                            upProps.toArray(String[]::new))));
        if (!delType.isEmpty())
            chain = chain.chain(
                    () -> run(c, DELETE, Tuple.of(delType.toArray(Long[]::new), delGid.toArray(String[]::new))));
        if (!lRel.isEmpty())
            chain = chain.chain(() -> run(
                    c,
                    LINK,
                    Tuple.of(lRel.toArray(Long[]::new), lSrc.toArray(String[]::new), lDst.toArray(String[]::new))));
        if (!uRel.isEmpty())
            chain = chain.chain(() -> run(
                    c,
                    UNLINK,
                    Tuple.of(uRel.toArray(Long[]::new), uSrc.toArray(String[]::new), uDst.toArray(String[]::new))));
        if (!srcRel.isEmpty())
            chain = chain.chain(
                    () -> run(c, UNLINK_SRC, Tuple.of(srcRel.toArray(Long[]::new), srcGid.toArray(String[]::new))));
        if (!dstRel.isEmpty())
            chain = chain.chain(
                    () -> run(c, UNLINK_DST, Tuple.of(dstRel.toArray(Long[]::new), dstGid.toArray(String[]::new))));
        if (!positionsToWrite.isEmpty())
            chain = chain.chain(() -> run(
                    c,
                    POSITIONS,
                    Tuple.of(
                            positionsToWrite.keySet().toArray(String[]::new),
                            positionsToWrite.values().toArray(Long[]::new))));
        return chain.chain(() ->
                entries.isEmpty() ? Uni.createFrom().item(List.<Appended>of()) : transaction.append(STREAM, entries));
    }

    private static Uni<Void> run(SqlConnection c, String sql, Tuple args) {
        return c.preparedQuery(sql).execute(args).replaceWithVoid();
    }
}
