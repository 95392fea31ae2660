package io.quintet.kora.ingest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.kora.auth.AuthContext;
import io.quintet.kora.auth.Authenticator;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.error.KoraError;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Ids;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.message.OperationRejected;
import io.quintet.kora.metrics.ServerStats;
import io.quintet.kora.operation.CanonicalJson;
import io.quintet.kora.operation.NulCheck;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.operation.OperationTimestamp;
import io.quintet.kora.scope.RecordSnapshots;
import io.quintet.kora.session.BatchIngest;
import io.quintet.kora.session.PushService;
import io.quintet.kora.session.SyncSession;
import io.quintet.kora.validation.OperationValidator;
import io.quintet.kora.validation.Verdict;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The inbound operation-batch pipeline (kora.md 6.3): per operation visibility (with the
 * materialized-record backfill), timestamp, rate, size and the application validators; the
 * admitted operations are applied in one transaction ({@link ApplyService}: dedup by id, constraints,
 * relations, materialization); then per-op errors and rejections, scope violations and exactly one
 * acknowledgment, in that order; then fan-out.
 */
@ApplicationScoped
public class IngestService implements BatchIngest {

    private final ApplyService applier;
    private final RecordSnapshots snapshots;
    private final PushService push;
    private final Authenticator authenticator;
    private final ServerStats stats;
    private final KoraConfig config;
    private final List<OperationValidator> validators;

    public IngestService(
            ApplyService applier,
            RecordSnapshots snapshots,
            PushService push,
            Authenticator authenticator,
            ServerStats stats,
            KoraConfig config,
            Instance<OperationValidator> validators) {
        this.applier = applier;
        this.snapshots = snapshots;
        this.push = push;
        this.authenticator = authenticator;
        this.stats = stats;
        this.config = config;
        this.validators = validators.stream().toList();
    }

    @Override
    public Uni<Void> handle(SyncSession session, OperationBatch batch) {
        if (!session.state().isHandshaken()) {
            // the reference stores these (an auth bypass); here nothing is stored (6.3 decision)
            if (authenticator.provider().isPresent()) {
                return error(session, KoraError.HANDSHAKE_REQUIRED);
            }
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        stats.operationsReceived(batch.operations().size());
        return snapshots
                .lookup(session.visibility(), batch.operations())
                .chain(records -> checkAndApply(session, batch, records, started));
    }

    private Uni<Void> checkAndApply(
            SyncSession session, OperationBatch batch, Map<String, ObjectNode> records, long started) {
        long now = System.currentTimeMillis();
        List<Operation> ops = batch.operations();
        // replies per operation, in batch order; scope violations go after all of them (6.3)
        List<List<KoraMessage>> perOp = new ArrayList<>();
        List<ErrorMessage> scopeViolations = new ArrayList<>();
        List<Operation> admitted = new ArrayList<>();
        List<Integer> admittedAt = new ArrayList<>();
        Map<String, ObjectNode> running = new HashMap<>(records);
        ops.forEach(op -> perOp.add(new ArrayList<>(1)));
        // the running snapshots only matter to visibility rules that read records
        boolean tracked = !session.visibility().unrestricted();
        Uni<Void> checks;
        if (validators.isEmpty()) {
            // no validator: nothing asynchronous per operation, so no per-operation Uni either
            for (int i = 0; i < ops.size(); i++) {
                if (precheck(session, ops.get(i), now, running, perOp.get(i), scopeViolations)) {
                    admit(ops.get(i), i, admitted, admittedAt, tracked ? running : null);
                }
            }
            checks = Uni.createFrom().voidItem();
        } else {
            // one operation after the other: the validator is asynchronous, and later operations of the
            // batch must see the records earlier ones wrote (the reference applies them one by one)
            checks = Multi.createFrom()
                    .range(0, ops.size())
                    .onItem()
                    .transformToUniAndConcatenate(i -> {
                        Operation op = ops.get(i);
                        List<KoraMessage> replies = perOp.get(i);
                        if (!precheck(session, op, now, running, replies, scopeViolations))
                            return Uni.createFrom().voidItem();
                        return validate(op, session.auth())
                                .invoke(verdict -> {
                                    switch (verdict.kind()) {
                                        case REJECT -> {
                                            stats.rejected(verdict.code());
                                            replies.add(new OperationRejected(
                                                    Ids.uuidV7(),
                                                    op.id(),
                                                    op.collection(),
                                                    op.recordId(),
                                                    verdict.code(),
                                                    verdict.message() == null ? verdict.code() : verdict.message(),
                                                    verdict.isRetriable()));
                                        }
                                        case IGNORE -> {} // acknowledged with the batch, never stored
                                        case ACCEPT -> admit(op, i, admitted, admittedAt, tracked ? running : null);
                                    }
                                })
                                .replaceWithVoid();
                    })
                    .collect()
                    .asList()
                    .replaceWithVoid();
        }
        Acknowledgment ack = new Acknowledgment(
                Ids.uuidV7(),
                batch.messageId(),
                ops.isEmpty() ? 0 : ops.get(ops.size() - 1).sequenceNumber(),
                null);
        // acknowledged only after the append committed
        return checks.chain(() -> applier.apply(admitted, now)).chain(result -> {
            result.rejections()
                    .forEach((index, rejection) -> perOp.get(admittedAt.get(index))
                            .add(new ErrorMessage(Ids.uuidV7(), rejection.code(), rejection.message(), false)));
            List<KoraMessage> replies = new ArrayList<>();
            perOp.forEach(replies::addAll);
            replies.addAll(scopeViolations);
            replies.add(ack);
            replies.forEach(reply -> {
                if (reply instanceof ErrorMessage e) stats.rejected(e.code());
            });
            return session.sendAll(replies).invoke(() -> {
                stats.batchProcessed(started);
                // server-authored side effects reach the author too (7.3)
                if (result.sideEffects()) push.logMoved(null);
                else if (!result.stored().isEmpty()) push.logMoved(session);
            });
        });
    }

    /**
     * Steps 1–4 for one operation: scope, timestamp, rate, size. False (with the reply or scope
     * violation recorded) when the operation goes no further.
     */
    private boolean precheck(
            SyncSession session,
            Operation op,
            long now,
            Map<String, ObjectNode> running,
            List<KoraMessage> replies,
            List<ErrorMessage> scopeViolations) {
        String nul = NulCheck.field(op);
        if (nul != null) {
            // never storable (PostgreSQL text holds no NUL): refused for good, the connection kept
            replies.add(rejected(op, KoraError.INVALID_OPERATION, op.id(), nul));
            return false;
        }
        if (!session.visibility().isVisible(op, running.get(RecordSnapshots.key(op.collection(), op.recordId())))) {
            scopeViolations.add(ErrorMessage.of(KoraError.SCOPE_VIOLATION, op.id(), op.collection()));
            return false;
        }
        if (!op.timestamp().isAcceptable(now, config.futureToleranceMillis())) {
            replies.add(ErrorMessage.of(KoraError.INVALID_TIMESTAMP, op.id()));
            return false;
        }
        if (!session.countOperation(now, config.maxOpsPerMinute())) {
            replies.add(ErrorMessage.of(KoraError.RATE_LIMIT, config.maxOpsPerMinute()));
            return false;
        }
        int size = jsonSize(op);
        if (size > config.maxOperationBytes()) {
            replies.add(ErrorMessage.of(KoraError.OPERATION_TOO_LARGE, op.id(), size, config.maxOperationBytes()));
            return false;
        }
        return true;
    }

    /** An accepted operation: queued for the append; later operations of the batch see its record ({@code running}, when tracked). */
    private static void admit(
            Operation op,
            int index,
            List<Operation> admitted,
            List<Integer> admittedAt,
            Map<String, ObjectNode> running) {
        admitted.add(op);
        admittedAt.add(index);
        if (running == null) return;
        String key = RecordSnapshots.key(op.collection(), op.recordId());
        ObjectNode snapshot =
                running.containsKey(key) ? running.get(key).deepCopy() : JsonNodeFactory.instance.objectNode();
        if (op.previousData() instanceof ObjectNode previous) snapshot.setAll(previous);
        if (op.data() instanceof ObjectNode data) snapshot.setAll(data);
        running.put(key, snapshot);
    }

    /** Step 5: every validator in turn until one does not accept; a failing validator rejects, retriable. */
    private Uni<Verdict> validate(Operation op, AuthContext auth) {
        Uni<Verdict> chain = Uni.createFrom().item(Verdict.accept());
        for (OperationValidator validator : validators) {
            chain = chain.chain(verdict -> verdict.kind() != Verdict.Kind.ACCEPT
                    ? Uni.createFrom().item(verdict)
                    : Uni.createFrom()
                            .deferred(() -> validator.validate(op, auth))
                            .onItem()
                            .ifNull()
                            .continueWith(Verdict::accept));
        }
        return chain.onFailure()
                .recoverWithItem(failure -> Verdict.reject(
                        KoraError.VALIDATION_ERROR.code(),
                        KoraError.VALIDATION_ERROR.text(
                                failure.getMessage() == null
                                        ? failure.getClass().getSimpleName()
                                        : failure.getMessage()),
                        KoraError.VALIDATION_ERROR.retriable()));
    }

    private Uni<Void> error(SyncSession session, KoraError error) {
        stats.rejected(error.code());
        return session.send(ErrorMessage.of(error));
    }

    private OperationRejected rejected(Operation op, KoraError error, Object... args) {
        stats.rejected(error.code());
        return new OperationRejected(
                Ids.uuidV7(),
                op.id(),
                op.collection(),
                op.recordId(),
                error.code(),
                error.text(args),
                error.retriable());
    }

    /**
     * UTF-8 length of the operation's JSON text ({@link JsonCodec#operation}), numbers written as
     * JavaScript writes them; counted member by member, as no text or tree is needed to know it.
     */
    static int jsonSize(Operation op) {
        OperationTimestamp ts = op.timestamp();
        int members = 11;
        int length = member("id", CanonicalJson.stringLength(op.id()))
                + member("nodeId", CanonicalJson.stringLength(op.nodeId()))
                + member("type", CanonicalJson.stringLength(op.type()))
                + member("collection", CanonicalJson.stringLength(op.collection()))
                + member("recordId", CanonicalJson.stringLength(op.recordId()))
                + member("data", CanonicalJson.utf8Length(op.data()))
                + member("previousData", CanonicalJson.utf8Length(op.previousData()))
                + member(
                        "timestamp",
                        2
                                + 2
                                + member("wallTime", CanonicalJson.numberLength((long) ts.wallTime()))
                                + member("logical", CanonicalJson.numberLength((long) ts.logical()))
                                + member("nodeId", CanonicalJson.stringLength(ts.nodeId())))
                + member("sequenceNumber", CanonicalJson.numberLength(op.sequenceNumber()))
                + member("schemaVersion", CanonicalJson.numberLength(op.schemaVersion()));
        int deps = 2 + Math.max(0, op.causalDeps().size() - 1);
        for (String dep : op.causalDeps()) deps += CanonicalJson.stringLength(dep);
        length += member("causalDeps", deps);
        if (op.hasAtomicOps()) {
            members++;
            length += member("atomicOps", CanonicalJson.utf8Length(op.atomicOps()));
        }
        if (op.transactionId() != null) {
            members++;
            length += member("transactionId", CanonicalJson.stringLength(op.transactionId()));
        }
        if (op.mutationName() != null) {
            members++;
            length += member("mutationName", CanonicalJson.stringLength(op.mutationName()));
        }
        return 2 + (members - 1) + length;
    }

    /** {@code "name":} plus the value's length (names are ASCII without escapes). */
    private static int member(String name, int valueLength) {
        return name.length() + 3 + valueLength;
    }
}
