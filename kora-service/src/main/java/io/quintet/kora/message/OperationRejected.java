package io.quintet.kora.message;

/** {@code operation-rejected} (S→C, kora.md 5.6). */
public record OperationRejected(
        String messageId,
        String operationId,
        String collection,
        String recordId,
        String code,
        String message,
        boolean retriable)
        implements KoraMessage {

    public static final String TYPE = "operation-rejected";

    @Override
    public String type() {
        return TYPE;
    }
}
