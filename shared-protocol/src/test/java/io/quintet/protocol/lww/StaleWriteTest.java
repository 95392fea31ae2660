package io.quintet.protocol.lww;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.testing.OplogDatabase;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stale-write rule in Java and in SQL gives the same answer on the same stamps. */
class StaleWriteTest {

    static OplogDatabase db;

    @BeforeAll
    static void start() {
        db = new OplogDatabase("stale_write_test", "stalesvc", 2);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void onlyAStrictlyNewerStoredStampRefuses() {
        assertTrue(StaleWrite.refuses(11, 10));
        assertFalse(StaleWrite.refuses(10, 10));
        assertFalse(StaleWrite.refuses(9, 10));
    }

    @Test
    void sqlAndJavaAgree() {
        Random random = new Random(12);
        List<Long> stored = new ArrayList<>();
        List<Long> incoming = new ArrayList<>();
        long[] edges = {Long.MIN_VALUE, -1, 0, 1, 1_700_000_000L, Long.MAX_VALUE};
        for (long a : edges) {
            for (long b : edges) {
                stored.add(a);
                incoming.add(b);
            }
        }
        for (int i = 0; i < 2_000; i++) {
            long a = random.nextInt(50);
            stored.add(a);
            incoming.add(random.nextBoolean() ? a : random.nextInt(50));
        }
        String sql = "SELECT " + StaleWrite.sqlRefuses("v.stored", "v.incoming")
                + " FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS v(stored, incoming, n) ORDER BY v.n";
        List<Boolean> inSql = new ArrayList<>();
        for (Row row : db.pool
                .preparedQuery(sql)
                .execute(Tuple.of(stored.toArray(Long[]::new), incoming.toArray(Long[]::new)))
                .await()
                .atMost(Duration.ofSeconds(30))) {
            inSql.add(row.getBoolean(0));
        }
        assertEquals(stored.size(), inSql.size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals(
                    StaleWrite.refuses(stored.get(i), incoming.get(i)),
                    inSql.get(i),
                    stored.get(i) + " vs " + incoming.get(i));
        }
    }

    @Test
    void onlyColumnsAndParametersAreAccepted() {
        assertEquals("t.last_modified > $2", StaleWrite.sqlRefuses("t.last_modified", "$2"));
        assertThrows(IllegalArgumentException.class, () -> StaleWrite.sqlRefuses("x; DROP TABLE y", "$1"));
        assertThrows(IllegalArgumentException.class, () -> StaleWrite.sqlRefuses("x", "1 OR true"));
    }
}
