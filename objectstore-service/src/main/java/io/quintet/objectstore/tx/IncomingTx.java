package io.quintet.objectstore.tx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Model;
import java.util.List;

/**
 * One client TX ready for the group writer: canonical ops (type/relation UIDs, properties keyed by
 * property UID), or the rejection found while decoding (which still consumes its cseq).
 */
public record IncomingTx(
        String clientId,
        String peer,
        long cseq,
        String txId,
        long createdAt,
        List<ObjectNode> ops,
        TxRejection rejection,
        Model model) {

    public int weight() {
        return Math.max(1, ops.size());
    }
}
