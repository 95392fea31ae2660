package io.quintet.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

    @Test
    void smallBodiesNeverWaitAndLargeOnesTakeTurnsInOrder() {
        BodyBudget budget = new BodyBudget(4_000, 100);
        assertEquals(0L, budget.reserve(100).result());
        Future<Long> first = budget.reserve(3_000);
        Future<Long> second = budget.reserve(3_000);
        Future<Long> third = budget.reserve(500);
        assertTrue(first.succeeded());
        assertFalse(second.isComplete());
        // first come, first served: the small-enough third waits behind the second
        assertFalse(third.isComplete());
        assertEquals(0L, budget.reserve(50).result());
        budget.release(first.result());
        assertTrue(second.succeeded());
        assertTrue(third.succeeded());
        budget.release(second.result());
        budget.release(third.result());
        assertEquals(4_000, budget.free());
    }

    @Test
    void aBodyLargerThanTheBudgetRunsAlone() {
        BodyBudget budget = new BodyBudget(4_000, 100);
        Future<Long> huge = budget.reserve(16_000_000);
        assertEquals(4_000L, huge.result());
        Future<Long> chunked = budget.reserve(-1);
        assertFalse(chunked.isComplete());
        budget.release(huge.result());
        assertEquals(4_000L, chunked.result());
    }
}
