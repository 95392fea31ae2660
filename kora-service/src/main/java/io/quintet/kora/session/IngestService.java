package io.quintet.kora.session;

import com.fasterxml.jackson.databind.JsonNode;
import io.quintet.kora.auth.Authenticator;
import io.quintet.kora.codec.JsonCodec;
import io.quintet.kora.config.KoraConfig;
import io.quintet.kora.message.Acknowledgment;
import io.quintet.kora.message.ErrorCodes;
import io.quintet.kora.message.ErrorMessage;
import io.quintet.kora.message.Ids;
import io.quintet.kora.message.KoraMessage;
import io.quintet.kora.message.OperationBatch;
import io.quintet.kora.operation.CanonicalJson;
import io.quintet.kora.operation.Operation;
import io.quintet.kora.status.ServerStats;
import io.quintet.kora.store.OperationRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The inbound operation-batch pipeline (kora.md 6.3): per operation visibility, timestamp, rate
 * and size checks; the admitted operations are appended in one transaction (dedup by id); then
 * per-op errors, scope violations and exactly one acknowledgment, in that order; then fan-out.
 */
@ApplicationScoped
public class IngestService {

    private final OperationRepository repository;
    private final PushService push;
    private final Authenticator authenticator;
    private final ServerStats stats;
    private final KoraConfig config;

    public IngestService(OperationRepository repository, PushService push, Authenticator authenticator,
                         ServerStats stats, KoraConfig config) {
        this.repository = repository;
        this.push = push;
        this.authenticator = authenticator;
        this.stats = stats;
        this.config = config;
    }

    public Uni<Void> handle(SyncSession session, OperationBatch batch) {
        if (!session.state().isHandshaken()) {
            // the reference stores these (an auth bypass); here nothing is stored (6.3 decision)
            if (authenticator.provider().isPresent()) {
                return error(session, ErrorCodes.AUTH_FAILED, "Handshake required before operations", false);
            }
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        long now = System.currentTimeMillis();
        stats.operationsReceived(batch.operations().size());
        List<KoraMessage> replies = new ArrayList<>();
        List<ErrorMessage> scopeViolations = new ArrayList<>();
        List<Operation> admitted = new ArrayList<>();
        for (Operation op : batch.operations()) {
            if (!session.visibility().isVisible(op)) {
                scopeViolations.add(new ErrorMessage(Ids.uuidV7(), ErrorCodes.SCOPE_VIOLATION, "Operation \"" + op.id()
                        + "\" in collection \"" + op.collection() + "\" is outside the client's sync scope", false));
            } else if (!op.timestamp().isAcceptable(now, config.futureToleranceMillis())) {
                replies.add(new ErrorMessage(Ids.uuidV7(), ErrorCodes.INVALID_TIMESTAMP,
                        "Operation \"" + op.id() + "\" timestamp is too far in the future", false));
            } else if (!session.countOperation(now, config.maxOpsPerMinute())) {
                replies.add(new ErrorMessage(Ids.uuidV7(), ErrorCodes.RATE_LIMIT,
                        "Session exceeded operation rate limit (" + config.maxOpsPerMinute() + " ops/min)", true));
            } else {
                int size = jsonSize(op);
                if (size > config.maxOperationBytes()) {
                    replies.add(new ErrorMessage(Ids.uuidV7(), ErrorCodes.OPERATION_TOO_LARGE, "Operation \"" + op.id()
                            + "\" exceeds max size (" + size + " > " + config.maxOperationBytes() + " bytes)", false));
                } else {
                    admitted.add(op);
                }
            }
        }
        replies.addAll(scopeViolations);
        List<Operation> ops = batch.operations();
        replies.add(new Acknowledgment(Ids.uuidV7(), batch.messageId(),
                ops.isEmpty() ? 0 : ops.get(ops.size() - 1).sequenceNumber(), null));
        replies.forEach(reply -> {
            if (reply instanceof ErrorMessage e) stats.rejected(e.code());
        });
        // acknowledged only after the append committed
        return repository.append(admitted, now)
                .chain(stored -> session.sendAll(replies).invoke(() -> {
                    stats.batchProcessed(started);
                    if (!stored.isEmpty()) push.logMoved(session);
                }));
    }

    private Uni<Void> error(SyncSession session, String code, String message, boolean retriable) {
        stats.rejected(code);
        return session.send(new ErrorMessage(Ids.uuidV7(), code, message, retriable));
    }

    /** UTF-8 length of the operation's JSON text, numbers written as JavaScript writes them. */
    static int jsonSize(Operation op) {
        JsonNode json = JsonCodec.operation(op);
        return CanonicalJson.write(json).getBytes(StandardCharsets.UTF_8).length;
    }
}
