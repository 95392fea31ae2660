package io.quintet.objectstore.tx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.model.Entity;
import io.quintet.objectstore.model.Flags;
import io.quintet.objectstore.model.IdUid;
import io.quintet.objectstore.model.Property;
import io.quintet.objectstore.model.PropertyType;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConflictRuleTest {

    private static final Property ID =
            new Property(new IdUid(1, 11), "id", PropertyType.LONG, Flags.ID, null, IdUid.NONE);
    private static final Property CLOCK =
            new Property(new IdUid(2, 12), "clock", PropertyType.LONG, Flags.SYNC_CLOCK, null, IdUid.NONE);
    private static final Property PRECEDENCE =
            new Property(new IdUid(3, 13), "prec", PropertyType.LONG, Flags.SYNC_PRECEDENCE, null, IdUid.NONE);
    private static final Entity PLAIN =
            new Entity(new IdUid(1, 100), "Plain", 2, new IdUid(1, 11), List.of(ID), List.of());
    private static final Entity BOTH =
            new Entity(new IdUid(2, 200), "Both", 2, new IdUid(3, 13), List.of(ID, CLOCK, PRECEDENCE), List.of());
    private static final Entity PREC_ONLY =
            new Entity(new IdUid(3, 300), "Prec", 2, new IdUid(3, 13), List.of(ID, PRECEDENCE), List.of());

    private static ObjectNode v(Long clock, Long precedence) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (clock != null) o.put("12", Long.toString(clock));
        if (precedence != null) o.put("13", Long.toString(precedence));
        return o;
    }

    @Test
    @DisplayName("C50 without clock or precedence the later-received write wins")
    void c50LaterReceivedWins() {
        assertTrue(ConflictRule.accepts(PLAIN, v(null, null), v(null, null)));
    }

    @Test
    @DisplayName(
            "C51 C52 precedence beats clock; equal precedence → higher clock; equal clock → the stored (first received) wins")
    void c52Order() {
        assertTrue(ConflictRule.accepts(BOTH, v(100L, 1L), v(50L, 2L)), "higher precedence wins despite lower clock");
        assertFalse(ConflictRule.accepts(BOTH, v(50L, 2L), v(100L, 1L)));
        assertTrue(ConflictRule.accepts(BOTH, v(100L, 1L), v(101L, 1L)));
        assertFalse(ConflictRule.accepts(BOTH, v(101L, 1L), v(100L, 1L)), "higher clock received first still wins");
        assertFalse(ConflictRule.accepts(BOTH, v(100L, 1L), v(100L, 1L)), "equal: first received wins");
    }

    @Test
    @DisplayName("C52 precedence-only type: equal precedence → the later-received write wins; lower loses")
    void c52PrecedenceOnly() {
        assertTrue(ConflictRule.accepts(PREC_ONLY, v(null, 5L), v(null, 5L)));
        assertFalse(ConflictRule.accepts(PREC_ONLY, v(null, 5L), v(null, 4L)));
    }

    @Test
    @DisplayName("C53 precedence is unsigned: 2^63 (negative as a Java long) beats 1000")
    void c53Unsigned() {
        assertTrue(ConflictRule.accepts(PREC_ONLY, v(null, 1000L), v(null, Long.MIN_VALUE)));
        assertFalse(ConflictRule.accepts(PREC_ONLY, v(null, Long.MIN_VALUE), v(null, 1000L)));
        assertTrue(ConflictRule.accepts(BOTH, v(1L, 1000L), v(0L, -1L)));
    }

    @Test
    @DisplayName("C54 the server clock is an OSP hybrid clock: upper 48 bits are milliseconds")
    void c54ServerClockLayout() {
        long now = System.currentTimeMillis();
        long clock = new ServerClock().now();
        assertTrue(Math.abs(ServerClock.toMillis(clock) - now) < 60_000);
    }
}
