package io.quintet.kora.message;

import io.quintet.kora.operation.Operation;
import java.util.List;

/**
 * {@code operation-batch} (both directions, kora.md 5.3). Delivery-stream batches carry
 * {@code base/maxDeliverySequence}; legacy delta batches {@code totalBatches} and {@code cursor}.
 */
public record OperationBatch(
        String messageId,
        List<Operation> operations,
        boolean isFinal,
        int batchIndex,
        Integer totalBatches,
        String cursor,
        Long baseDeliverySequence,
        Long maxDeliverySequence)
        implements KoraMessage {

    public static final String TYPE = "operation-batch";

    public OperationBatch {
        operations = List.copyOf(operations);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
