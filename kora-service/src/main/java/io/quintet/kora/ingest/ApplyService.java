package io.quintet.kora.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.collection.AppSchema;
import io.quintet.kora.collection.CollectionDef;
import io.quintet.kora.collection.ConstraintDef;
import io.quintet.kora.collection.RelationDef;
import io.quintet.kora.collection.repository.CollectionRepository;
import io.quintet.kora.collection.service.SchemaService;
import io.quintet.kora.config.ServerNode;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationId;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.kora.scope.Visibility;
import io.quintet.kora.store.DeliveryAnnouncer;
import io.quintet.kora.store.OperationRepository;
import io.quintet.kora.store.OperationTail;
import io.quintet.kora.store.StoredOperation;
import io.quintet.protocol.db.GroupCommit;
import io.quintet.protocol.hlc.HlcTimestamp;
import io.quintet.protocol.hlc.HybridClock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Step 6 of the ingest pipeline (kora.md 6.3, 13): one transaction holding the delivery counter
 * lock, so checks see every earlier append on every replica. Without a schema (or when no
 * operation touches a schema collection) the batch is one statement; otherwise each operation in
 * turn passes constraint admission (inserts, updates) or referential integrity (deletes, with
 * server-authored cascade / set-null operations), is appended, and its record re-materialized.
 */
@ApplicationScoped
public class ApplyService {

    /** A refused operation (by its index in the input): an {@code error} with this code and message. */
    public record Rejection(String code, String message) {}

    /** What an apply did: operations stored (delivery order), refusals by input index, and whether the server authored any. */
    public record Result(List<StoredOperation> stored, Map<Integer, Rejection> rejections, boolean sideEffects) {}

    private static final long MAX_DRIFT_MILLIS = 120_000;

    private final Pool pool;
    private final OperationRepository operations;
    private final OperationTail tail;
    private final DeliveryAnnouncer announcer;
    private final CollectionRepository collections;
    private final SchemaService schemas;
    private final String serverNodeId;

    public ApplyService(
            Pool pool,
            OperationRepository operations,
            OperationTail tail,
            DeliveryAnnouncer announcer,
            CollectionRepository collections,
            SchemaService schemas,
            ServerNode serverNode) {
        this.pool = pool;
        this.operations = operations;
        this.tail = tail;
        this.announcer = announcer;
        this.collections = collections;
        this.schemas = schemas;
        this.serverNodeId = serverNode.id();
    }

    /** One caller's operations, applied in a group transaction. */
    private record Pending(List<Operation> ops, long now) {}

    /** Most operations written by one group transaction (each batch holds at most max-batch-operations). */
    static final int MAX_GROUP_OPERATIONS = 10_000;

    /**
     * Group commit: while a transaction of this replica is in flight, the applies arriving are
     * queued and written together by the next one, under one counter lock, in arrival order, with
     * one commit (one WAL flush). One transaction at a time, so the in-memory tail learns the rows
     * in delivery order. When a group transaction fails, its applies are retried one transaction
     * each, so only the apply whose operations cause the failure fails.
     */
    private final GroupCommit<Pending, Result> groups = new GroupCommit<>(
            this::committed, 1, MAX_GROUP_OPERATIONS, p -> p.ops().size());

    /** Applies {@code ops} (one inbound batch) and completes after their commit. */
    public Uni<Result> apply(List<Operation> ops, long now) {
        if (ops.isEmpty()) return Uni.createFrom().item(new Result(List.of(), Map.of(), false));
        return groups.submit(new Pending(List.copyOf(ops), now));
    }

    /** A group's transaction; once committed, its rows join the in-memory tail and are announced to every replica. */
    private Uni<List<Result>> committed(List<Pending> group) {
        return transaction(group).invoke(results -> {
            List<StoredOperation> all = new ArrayList<>();
            results.forEach(r -> all.addAll(r.stored()));
            all.sort(Comparator.comparingLong(StoredOperation::deliverySequence));
            tail.remember(all);
            announcer.announceCommitted(all);
        });
    }

    /**
     * One transaction for a group. When, under the schema last seen, the group touches no schema
     * collection, the whole transaction goes in one round trip ({@link #pipelined}); otherwise, or
     * when the revision under the lock shows the schema changed meanwhile, the lock is awaited first
     * ({@link #locked}).
     */
    private Uni<List<Result>> transaction(List<Pending> group) {
        SchemaService.Loaded known = schemas.loaded();
        if (plain(known.schema(), group)) {
            return pipelined(group, known.revision())
                    .onFailure(StaleSchema.class)
                    .recoverWithUni(() -> locked(group));
        }
        if (ruleFree(known.schema(), group)) {
            return materializedPipelined(group, known.schema(), known.revision())
                    .onFailure(StaleSchema.class)
                    .recoverWithUni(() -> locked(group));
        }
        return locked(group);
    }

    private static boolean plain(AppSchema schema, List<Pending> group) {
        return schema == null
                || group.stream()
                        .allMatch(p -> p.ops().stream().noneMatch(op -> schema.collection(op.collection()) != null));
    }

    /**
     * Whether no operation of the group meets a rule that must be judged one operation at a time:
     * a constraint of its collection (13.2), or, for a delete, a relation acting on it (13.3). Such a
     * group only needs its records rebuilt, which is done for all of them at once.
     */
    static boolean ruleFree(AppSchema schema, List<Pending> group) {
        if (schema == null) return true;
        for (Pending p : group) {
            for (Operation op : p.ops()) {
                CollectionDef c = schema.collection(op.collection());
                if (c == null) continue;
                if (!c.constraints().isEmpty()) return false;
                if (Operation.DELETE.equals(op.type())
                        && schema.relationsTo(c.name()).stream()
                                .anyMatch(r -> !RelationDef.NO_ACTION.equals(r.onDelete()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The records of schema collections the group touches, by collection. */
    private static Map<CollectionDef, Set<String>> touched(AppSchema schema, List<Pending> group) {
        Map<CollectionDef, Set<String>> touched = new LinkedHashMap<>();
        for (Pending p : group) {
            for (Operation op : p.ops()) {
                CollectionDef c = schema.collection(op.collection());
                if (c != null)
                    touched.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(op.recordId());
            }
        }
        return touched;
    }

    /**
     * A group of rule-free operations on schema collections in two round trips. First BEGIN, the
     * counter lock, the append (storing nothing unless the schema revision is still {@code revision})
     * and, per collection, the read of every operation of the records touched, which PostgreSQL runs
     * after the append, so it sees the new rows. Then, per collection, one multi-row upsert of the
     * rebuilt records (13.4), and COMMIT. Before, each operation took an append, a read and an
     * upsert of its own, one after the other.
     */
    private Uni<List<Result>> materializedPipelined(List<Pending> group, AppSchema schema, Long revision) {
        long now = group.get(group.size() - 1).now();
        Map<CollectionDef, Set<String>> touched = touched(schema, group);
        return pool.withConnection(connection -> {
            List<CollectionDef> order = new ArrayList<>(touched.keySet());
            List<Uni<?>> first = new ArrayList<>();
            first.add(connection.query("BEGIN").execute());
            first.add(operations.lockCounter(connection));
            first.add(appendAll(connection, group, true, revision));
            for (CollectionDef c : order) first.add(collections.recordsOperations(connection, c, touched.get(c)));
            return Uni.combine()
                    .all()
                    .unis(first)
                    .collectFailures()
                    .with(results -> results)
                    .onFailure()
                    .call(() -> rollback(connection))
                    .chain(results -> {
                        if (!Objects.equals(results.get(1), revision)) {
                            return rollback(connection)
                                    .chain(() -> Uni.createFrom().<List<Result>>failure(new StaleSchema()));
                        }
                        @SuppressWarnings("unchecked")
                        List<Result> appended = (List<Result>) results.get(2);
                        List<Uni<?>> second = new ArrayList<>();
                        for (int i = 0; i < order.size(); i++) {
                            @SuppressWarnings("unchecked")
                            Map<String, List<Operation>> byRecord = (Map<String, List<Operation>>) results.get(3 + i);
                            second.add(collections.materializeAll(connection, order.get(i), byRecord, now));
                        }
                        // a failed upsert aborts the transaction, which the COMMIT then ends as a rollback
                        second.add(connection.query("COMMIT").execute());
                        return Uni.combine()
                                .all()
                                .unis(second)
                                .collectFailures()
                                .with(x -> appended);
                    });
        });
    }

    private static Uni<Void> rollback(SqlConnection connection) {
        return connection
                .query("ROLLBACK")
                .execute()
                .replaceWithVoid()
                .onFailure()
                .recoverWithNull();
    }

    /**
     * The whole transaction in one round trip: BEGIN, the counter lock, the append and COMMIT are
     * written to the connection together (the PostgreSQL client pipelines them) and PostgreSQL runs
     * them in order, the append (and its snapshot) only once the lock is held, so it sees every
     * earlier append as when awaited. The append stores nothing unless the schema revision under the
     * lock is the one the group was judged under; if it changed, the group is redone under the lock.
     * A failing statement aborts the transaction, which the COMMIT then ends as a rollback.
     */
    private Uni<List<Result>> pipelined(List<Pending> group, Long revision) {
        return pool.withConnection(connection -> Uni.combine()
                .all()
                .unis(
                        connection.query("BEGIN").execute(),
                        operations.lockCounter(connection),
                        appendAll(connection, group, true, revision),
                        connection.query("COMMIT").execute())
                .collectFailures()
                .asTuple()
                .chain(sent -> Objects.equals(sent.getItem2(), revision)
                        ? Uni.createFrom().item(sent.getItem3())
                        : Uni.createFrom().failure(new StaleSchema())));
    }

    /** The counter lock (and schema revision) first, then the append: one statement, or each apply in turn. */
    private Uni<List<Result>> locked(List<Pending> group) {
        return pool.withTransaction(connection -> operations
                .lockCounter(connection)
                .chain(revision -> schemas.at(connection, revision))
                .chain(schema -> plain(schema, group)
                        ? appendAll(connection, group, false, null)
                        : ruleFree(schema, group)
                                ? appendAndMaterialize(connection, schema, group)
                                : applyEach(connection, schema, group, 0, new ArrayList<>())));
    }

    /** Under the lock already held: the append, then every touched record rebuilt, a statement per collection. */
    private Uni<List<Result>> appendAndMaterialize(SqlConnection connection, AppSchema schema, List<Pending> group) {
        long now = group.get(group.size() - 1).now();
        Map<CollectionDef, Set<String>> touched = touched(schema, group);
        return appendAll(connection, group, false, null).call(() -> {
            List<Uni<Void>> rebuilds = new ArrayList<>();
            touched.forEach((c, ids) -> rebuilds.add(collections
                    .recordsOperations(connection, c, ids)
                    .chain(byRecord -> collections.materializeAll(connection, c, byRecord, now))));
            return Uni.join().all(rebuilds).andCollectFailures();
        });
    }

    /** The schema changed between the group's judgement and its lock: redo it under the lock. */
    private static final class StaleSchema extends RuntimeException {
        StaleSchema() {
            super("app schema changed", null, false, false);
        }
    }

    /** Every operation of the group in one statement; each stored row goes to the first apply that sent its id. */
    private Uni<List<Result>> appendAll(
            SqlConnection connection, List<Pending> group, boolean atRevision, Long revision) {
        List<Operation> all = new ArrayList<>();
        Map<String, Integer> owner = new HashMap<>();
        for (int g = 0; g < group.size(); g++) {
            for (Operation op : group.get(g).ops()) {
                all.add(op);
                owner.putIfAbsent(op.id(), g);
            }
        }
        long[] at = new long[all.size()];
        int k = 0;
        for (Pending p : group) {
            for (int i = 0; i < p.ops().size(); i++) at[k++] = p.now();
        }
        Uni<List<StoredOperation>> append = atRevision
                ? operations.appendAtRevision(connection, all, at, revision)
                : operations.appendLocked(connection, all, at);
        return append.map(stored -> {
            List<List<StoredOperation>> split = new ArrayList<>();
            group.forEach(p -> split.add(new ArrayList<>()));
            for (StoredOperation s : stored)
                split.get(owner.get(s.operation().id())).add(s);
            List<Result> results = new ArrayList<>(group.size());
            split.forEach(list -> results.add(new Result(list, Map.of(), false)));
            return results;
        });
    }

    /** Each apply in turn in the one transaction (schema collections: constraints, relations, materialization). */
    private Uni<List<Result>> applyEach(
            SqlConnection connection, AppSchema schema, List<Pending> group, int index, List<Result> results) {
        if (index >= group.size()) return Uni.createFrom().item(results);
        Pending p = group.get(index);
        Uni<Result> one = p.ops().stream().noneMatch(op -> schema.collection(op.collection()) != null)
                ? operations
                        .appendLocked(connection, p.ops(), p.now())
                        .map(stored -> new Result(stored, Map.of(), false))
                : new Run(connection, schema, p.ops(), p.now()).start();
        return one.chain(result -> {
            results.add(result);
            return applyEach(connection, schema, group, index + 1, results);
        });
    }

    /** One sequential apply inside the transaction. */
    private final class Run {
        final SqlConnection connection;
        final AppSchema schema;
        final List<Operation> ops;
        final long now;
        final List<StoredOperation> stored = new ArrayList<>();
        final Map<Integer, Rejection> rejections = new LinkedHashMap<>();
        Set<String> seen;
        long serverSequence = -1;
        boolean sideEffects;

        Run(SqlConnection connection, AppSchema schema, List<Operation> ops, long now) {
            this.connection = connection;
            this.schema = schema;
            this.ops = ops;
            this.now = now;
        }

        Uni<Result> start() {
            return operations
                    .existing(connection, ops.stream().map(Operation::id).toList())
                    .chain(existing -> {
                        seen = new HashSet<>(existing);
                        return step(0);
                    })
                    .map(x -> {
                        stored.sort(Comparator.comparingLong(StoredOperation::deliverySequence));
                        return new Result(stored, rejections, sideEffects);
                    });
        }

        Uni<Void> step(int i) {
            if (i >= ops.size()) return Uni.createFrom().voidItem();
            Operation op = ops.get(i);
            if (!seen.add(op.id())) return step(i + 1); // duplicate: silent (12.1)
            CollectionDef c = schema.collection(op.collection());
            Uni<Void> one;
            if (c == null) {
                one = append(List.of(op));
            } else if (Operation.DELETE.equals(op.type())) {
                one = delete(i, c, op);
            } else {
                one = admit(c, op).chain(rejection -> {
                    if (rejection != null) {
                        rejections.put(i, rejection);
                        return Uni.createFrom().voidItem();
                    }
                    return append(List.of(op)).chain(() -> collections.materialize(connection, c, op.recordId(), now));
                });
            }
            return one.chain(() -> step(i + 1));
        }

        Uni<Void> append(List<Operation> batch) {
            return operations
                    .appendLocked(connection, batch, now)
                    .invoke(stored::addAll)
                    .replaceWithVoid();
        }

        /** Constraint admission (13.2); null when admitted. */
        Uni<Rejection> admit(CollectionDef c, Operation op) {
            if (c.constraints().isEmpty() || !(op.data() instanceof ObjectNode data))
                return Uni.createFrom().nullItem();
            Uni<ObjectNode> base = Operation.UPDATE.equals(op.type())
                    ? collections.find(connection, c, op.recordId())
                    : Uni.createFrom().nullItem();
            return base.chain(row -> {
                ObjectNode candidate = JsonNodeFactory.instance.objectNode();
                if (row != null) candidate.setAll(row);
                candidate.setAll(data);
                candidate.put("id", op.recordId());
                return check(c, op, candidate, 0);
            });
        }

        Uni<Rejection> check(CollectionDef c, Operation op, ObjectNode candidate, int index) {
            if (index >= c.constraints().size()) return Uni.createFrom().nullItem();
            ConstraintDef constraint = c.constraints().get(index);
            Uni<Rejection> verdict;
            boolean referential = constraint.type().equals(ConstraintDef.REFERENTIAL);
            if (!referential && constraint.where() != null && !Visibility.matches(constraint.where(), candidate)) {
                verdict = Uni.createFrom().nullItem();
            } else if (referential) {
                String field = constraint.fields().get(0);
                JsonNode value = candidate.get(field);
                String target = constraint.where().get("collection").textValue();
                verdict = value == null || value.isNull()
                        ? Uni.createFrom().nullItem()
                        : collections
                                .find(
                                        connection,
                                        schema.collection(target),
                                        value.isTextual() ? value.textValue() : value.toString())
                                .map(found -> found != null
                                        ? null
                                        : new Rejection(
                                                KoraError.CONSTRAINT_VIOLATION.code(),
                                                "Referential constraint on " + c.name() + "." + field + ": no " + target
                                                        + " record \""
                                                        + (value.isTextual() ? value.textValue() : value.toString())
                                                        + "\""));
            } else {
                ObjectNode group = JsonNodeFactory.instance.objectNode();
                if (constraint.where() != null)
                    constraint.where().fields().forEachRemaining(e -> {
                        if (c.field(e.getKey()) != null) group.set(e.getKey(), e.getValue());
                    });
                boolean complete = true;
                for (String field : constraint.fields()) {
                    JsonNode value = candidate.get(field);
                    if (value == null || value.isNull()) complete = false;
                    else group.set(field, value);
                }
                if (!complete) {
                    verdict = Uni.createFrom().nullItem();
                } else if (constraint.type().equals(ConstraintDef.UNIQUE)) {
                    verdict = collections
                            .countLive(connection, c, group, op.recordId())
                            .map(n -> n == 0
                                    ? null
                                    : new Rejection(
                                            KoraError.CONSTRAINT_VIOLATION.code(),
                                            "Unique constraint on " + c.name() + " " + constraint.fields()
                                                    + " violated by record \"" + op.recordId() + "\""));
                } else {
                    // capacity: the reference has no numeric limit; a group may hold one record (13.2 quirk)
                    verdict = collections
                            .countLive(connection, c, group, null)
                            .map(n -> n <= 1
                                    ? null
                                    : new Rejection(
                                            KoraError.CONSTRAINT_VIOLATION.code(),
                                            "Capacity constraint on " + c.name() + " " + constraint.fields()
                                                    + " violated by record \"" + op.recordId() + "\""));
                }
            }
            return verdict.chain(r -> r != null ? Uni.createFrom().item(r) : check(c, op, candidate, index + 1));
        }

        /** Referential integrity on delete (13.3): restrict refuses, cascade / set-null author operations. */
        Uni<Void> delete(int i, CollectionDef c, Operation op) {
            List<RelationDef> relations = schema.relationsTo(c.name());
            List<Operation> effects = new ArrayList<>();
            return relationStep(relations, 0, op, effects).chain(refusal -> {
                if (refusal != null) {
                    rejections.put(i, refusal);
                    return Uni.createFrom().voidItem();
                }
                List<Operation> all = new ArrayList<>();
                all.add(op);
                all.addAll(effects);
                if (!effects.isEmpty()) sideEffects = true;
                Uni<Void> chain = append(all).chain(() -> collections.materialize(connection, c, op.recordId(), now));
                for (Operation effect : effects) {
                    CollectionDef target = schema.collection(effect.collection());
                    chain = chain.chain(() -> collections.materialize(connection, target, effect.recordId(), now));
                }
                return chain;
            });
        }

        Uni<Rejection> relationStep(List<RelationDef> relations, int index, Operation parent, List<Operation> effects) {
            if (index >= relations.size()) return Uni.createFrom().nullItem();
            RelationDef relation = relations.get(index);
            if (RelationDef.NO_ACTION.equals(relation.onDelete()))
                return relationStep(relations, index + 1, parent, effects);
            return collections
                    .referencing(connection, relation, parent.recordId())
                    .chain(refs -> {
                        if (refs.isEmpty()) return relationStep(relations, index + 1, parent, effects);
                        if (RelationDef.RESTRICT.equals(relation.onDelete())) {
                            return Uni.createFrom()
                                    .item(new Rejection(
                                            KoraError.REFERENTIAL_INTEGRITY.code(),
                                            "Cannot delete "
                                                    + parent.collection() + " \"" + parent.recordId()
                                                    + "\": referenced by " + refs.size() + " "
                                                    + relation.from() + " record(s) through " + relation.field()
                                                    + " (relation " + relation.name() + ")"));
                        }
                        return reserveSequences().chain(() -> {
                            for (CollectionRepository.Reference ref : refs) {
                                effects.add(
                                        RelationDef.CASCADE.equals(relation.onDelete())
                                                ? authored(
                                                        parent,
                                                        Operation.DELETE,
                                                        relation.from(),
                                                        ref.id(),
                                                        null,
                                                        null,
                                                        effects.size())
                                                : authored(
                                                        parent,
                                                        Operation.UPDATE,
                                                        relation.from(),
                                                        ref.id(),
                                                        JsonNodeFactory.instance
                                                                .objectNode()
                                                                .putNull(relation.field()),
                                                        JsonNodeFactory.instance
                                                                .objectNode()
                                                                .put(relation.field(), ref.value()),
                                                        effects.size()));
                            }
                            return relationStep(relations, index + 1, parent, effects);
                        });
                    });
        }

        Uni<Void> reserveSequences() {
            if (serverSequence >= 0) return Uni.createFrom().voidItem();
            // safe: the counter lock serializes every append, so nobody else numbers server ops meanwhile
            return operations
                    .nodeMaxSequence(connection, serverNodeId)
                    .invoke(max -> serverSequence = max)
                    .replaceWithVoid();
        }

        /** A server-authored side effect of {@code parent} (13.3): server node id, next sequence, HLC after the parent. */
        Operation authored(
                Operation parent,
                String type,
                String collection,
                String recordId,
                ObjectNode data,
                ObjectNode previous,
                int ordinal) {
            HybridClock clock = new HybridClock(serverNodeId, System::currentTimeMillis, MAX_DRIFT_MILLIS);
            HlcTimestamp ts = clock.receive(parent.timestamp().toHlc());
            for (int k = 0; k < ordinal; k++) ts = clock.send();
            long sequence = ++serverSequence;
            String id = OperationId.compute(type, collection, recordId, data, ts.format(), serverNodeId, null);
            return new Operation(
                    id,
                    serverNodeId,
                    type,
                    collection,
                    recordId,
                    data,
                    previous,
                    OperationTimestamp.of(ts),
                    sequence,
                    List.of(parent.id()),
                    parent.schemaVersion(),
                    null,
                    null,
                    null);
        }
    }
}
