package io.quintet.protocol.oplog;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.List;
import java.util.Map;

/**
 * One transaction of {@link OperationLog#inTransaction}: the connection for the caller's own
 * statements, and appends that commit or roll back with them and are announced after the commit.
 */
public final class LogTransaction {

    private final OperationLog log;
    private final SqlConnection connection;
    private final Map<String, Long> appended;

    LogTransaction(OperationLog log, SqlConnection connection, Map<String, Long> appended) {
        this.log = log;
        this.connection = connection;
        this.appended = appended;
    }

    /** The transaction's connection, for the caller's own reads and writes. */
    public SqlConnection connection() {
        return connection;
    }

    public Uni<List<Appended>> append(String stream, List<NewOperation> operations) {
        return log.append(connection, stream, operations)
                .invoke(result ->
                        OperationLog.lastNew(result).ifPresent(seq -> appended.merge(stream, seq, Math::max)));
    }
}
