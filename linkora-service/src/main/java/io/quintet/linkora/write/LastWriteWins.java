package io.quintet.linkora.write;

import io.quintet.linkora.error.LinkoraError;
import io.quintet.protocol.lww.StaleWrite;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Collection;

/**
 * The last-write-wins check of spec 6.1, applied to every listed row (our D4 decision, where the
 * reference checks one): refused when any existing row's stamp is strictly newer than the client's
 * edit time (shared-protocol's {@link StaleWrite} rule, here in its SQL form). The rows are locked for the rest of the transaction, so a concurrent update cannot
 * slip in between the check and the write. Unknown ids pass.
 */
public final class LastWriteWins {

    /** The tables whose rows carry an LWW-checked stamp. */
    public enum Table {
        FOLDERS("linkora.folders"),
        LINKS("linkora.links"),
        PANELS("linkora.panels"),
        TAGS("linkora.tags");

        final String sql;

        Table(String name) {
            this.sql = "SELECT EXISTS (SELECT 1 FROM (SELECT last_modified FROM " + name
                    + " WHERE id = ANY($1) ORDER BY id FOR UPDATE) locked WHERE "
                    + StaleWrite.sqlRefuses("locked.last_modified", "$2") + ")";
        }
    }

    private LastWriteWins() {}

    /** Fails with {@link LinkoraError#LWW_CONFLICT} when any of {@code ids} in {@code table} is newer than {@code clientStamp}. */
    public static Uni<Void> check(WriteContext context, Table table, Collection<Long> ids, long clientStamp) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return context.connection()
                .preparedQuery(table.sql)
                .execute(Tuple.of(ids.toArray(Long[]::new), clientStamp))
                .map(rows -> rows.iterator().next().getBoolean(0))
                .invoke(newer -> {
                    if (newer) {
                        throw LinkoraError.LWW_CONFLICT.exception();
                    }
                })
                .replaceWithVoid();
    }
}
