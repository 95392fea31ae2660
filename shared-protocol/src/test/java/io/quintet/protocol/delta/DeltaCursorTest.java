package io.quintet.protocol.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DeltaCursorTest {

    record Change(long position, String id) {}

    /** What a server does: {@code >=} on the position, then the cursor's filter. */
    static List<Change> since(List<Change> table, DeltaCursor cursor) {
        List<Change> out = new ArrayList<>();
        for (Change c : table) {
            if (c.position() >= cursor.position() && cursor.accepts(c.position(), c.id())) out.add(c);
        }
        out.sort((a, b) -> Long.compare(a.position(), b.position()));
        return out;
    }

    static DeltaCursor advance(DeltaCursor cursor, List<Change> delivered) {
        for (Change c : delivered) cursor = cursor.advance(c.position(), c.id());
        return cursor;
    }

    @Test
    void aChangeMadeLaterInTheSameSecondIsNotLost() {
        List<Change> table = new ArrayList<>(List.of(new Change(100, "a"), new Change(101, "b")));
        DeltaCursor cursor = advance(DeltaCursor.START, since(table, DeltaCursor.START));
        assertEquals(101, cursor.position());

        table.add(new Change(101, "c")); // same second as "b", written after the first pull
        List<Change> second = since(table, cursor);
        assertEquals(List.of(new Change(101, "c")), second);

        cursor = advance(cursor, second);
        assertEquals(Set.of("b", "c"), cursor.boundaryIds());
        assertTrue(since(table, cursor).isEmpty(), "nothing is sent twice");
    }

    @Test
    void tokensRoundTripAndAreOpaque() {
        DeltaCursor cursor = DeltaCursor.at(42).advance(42, "x/1").advance(42, "ü");
        String token = cursor.encode();
        assertTrue(token.matches("[A-Za-z0-9._-]+"), token);
        assertEquals(cursor, DeltaCursor.decode(token));
        assertSame(DeltaCursor.START, DeltaCursor.decode(null));
        assertSame(DeltaCursor.START, DeltaCursor.decode(""));
    }

    @Test
    void malformedTokensAreRefused() {
        for (String bad : new String[] {"42", "c1.", "c1.!!!", "c1.AAAA", "x1.AAAAAAAAAAAAAAAAAAAA"}) {
            assertThrows(IllegalArgumentException.class, () -> DeltaCursor.decode(bad), bad);
        }
    }

    @Test
    void advancingPastTheBoundaryForgetsIt() {
        DeltaCursor cursor = DeltaCursor.at(5).advance(5, "a").advance(6, "b");
        assertEquals(new TreeSet<>(Set.of("b")), cursor.boundaryIds());
        assertFalse(cursor.accepts(6, "b"));
        assertTrue(cursor.accepts(6, "c"));
        assertFalse(cursor.accepts(5, "z"));
    }
}
