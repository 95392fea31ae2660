package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** What {@code ACK_TX} (or {@code ERROR SEQUENCE_GAP}) says about one TX. */
public record TxOutcome(
        Status status, long cseq, long hseq, String code, String reason, ArrayNode conflicts, long expected) {

    public enum Status {
        APPLIED,
        DUPLICATE,
        REJECTED,
        GAP
    }

    static TxOutcome applied(long cseq, ArrayNode conflicts) {
        return new TxOutcome(Status.APPLIED, cseq, 0, null, null, conflicts, 0);
    }

    static TxOutcome duplicate(long cseq) {
        return new TxOutcome(Status.DUPLICATE, cseq, 0, null, null, null, 0);
    }

    static TxOutcome rejected(long cseq, TxRejection why) {
        return new TxOutcome(Status.REJECTED, cseq, 0, why.code(), why.reason(), null, 0);
    }

    static TxOutcome gap(long cseq, long expected) {
        return new TxOutcome(Status.GAP, cseq, 0, null, null, null, expected);
    }

    TxOutcome withHseq(long h) {
        return new TxOutcome(status, cseq, h, code, reason, conflicts, expected);
    }
}
