package io.quintet.kora.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 18 (3): the reference's column layout of kora.operations. */
@QuarkusTest
class OperationsLayoutTest {

    private static final String POSITION = "SELECT ordinal_position FROM information_schema.columns"
            + " WHERE table_schema = $1 AND table_name = 'operations' AND column_name = $2";

    @Inject
    Pool pool;

    private int position(String schema, String column) {
        return pool.preparedQuery(POSITION)
                .execute(Tuple.of(schema, column))
                .await()
                .indefinitely()
                .iterator()
                .next()
                .getInteger(0);
    }

    @Test
    @DisplayName("a new database has atomic_ops as column 8, after previous_data, as the reference creates it")
    void atomicOpsIsColumnEight() {
        assertEquals(7, position("kora", "previous_data"));
        assertEquals(8, position("kora", "atomic_ops"));
        assertEquals(9, position("kora", "wall_time"));
    }

    @Test
    @DisplayName("an older log without atomic_ops (a reference schema before that column) gets it added by the same V1")
    void olderLayoutGetsTheColumn() throws Exception {
        String v1;
        try (InputStream in =
                getClass().getClassLoader().getResourceAsStream("db/migration/V1__kora_operation_log.sql")) {
            v1 = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String script = v1;
        pool.withConnection(connection -> connection
                        .query("DROP SCHEMA IF EXISTS legacy CASCADE; CREATE SCHEMA legacy;"
                                + " SET search_path TO legacy; CREATE TABLE operations (id TEXT PRIMARY KEY, node_id TEXT NOT NULL,"
                                + " type TEXT NOT NULL, collection TEXT NOT NULL, record_id TEXT NOT NULL, data TEXT, previous_data TEXT,"
                                + " wall_time BIGINT NOT NULL, logical INTEGER NOT NULL, timestamp_node_id TEXT NOT NULL,"
                                + " sequence_number INTEGER NOT NULL, causal_deps TEXT NOT NULL DEFAULT '[]',"
                                + " schema_version INTEGER NOT NULL, received_at BIGINT NOT NULL)")
                        .execute()
                        .chain(() -> connection.query(script).execute())
                        .chain(() ->
                                connection.query("SET search_path TO DEFAULT").execute()))
                .await()
                .indefinitely();
        assertEquals(15, position("legacy", "atomic_ops"));
        assertEquals(16, position("legacy", "delivery_seq"));
        pool.query("DROP SCHEMA legacy CASCADE").execute().await().indefinitely();
    }
}
