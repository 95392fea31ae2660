package io.quintet.objectstore.tx;

/** Why a whole TX is rejected ({@code ACK_TX REJECTED}): a code such as 71, SCHEMA_VIOLATION, BAD_GID, DB_FULL. */
public record TxRejection(String code, String reason) {

    public static TxRejection schema(String reason) {
        return new TxRejection("SCHEMA_VIOLATION", reason);
    }
}
