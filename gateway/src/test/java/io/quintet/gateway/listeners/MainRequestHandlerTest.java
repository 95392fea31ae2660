package io.quintet.gateway.listeners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which URIs may skip Quarkus' validation and normalisation: only those both would leave as they are. */
class MainRequestHandlerTest {

    @Test
    void plainPathsAndQueriesTakeTheDirectWay() {
        assertTrue(MainRequestHandler.plainlyWritten("/kosync/users/auth"));
        assertTrue(MainRequestHandler.plainlyWritten("/kosync"));
        assertTrue(MainRequestHandler.plainlyWritten("/linkora/GET_UPDATES?eventTimestamp=0&x=%C3%A9"));
        assertTrue(
                MainRequestHandler.plainlyWritten("/kora/a.b/c.json?next=/../x"),
                "dots inside segments and anything in the query");
        assertTrue(MainRequestHandler.plainlyWritten("/kosync/a%2Fb"));
    }

    @Test
    void anythingQuarkusWouldRejectOrNormaliseGoesThroughIt() {
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/../q/metrics"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/./x"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/x/.."));
        assertFalse(MainRequestHandler.plainlyWritten("//kosync/x"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync//x"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/%2e%2e/q"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/a b"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/a|b"));
        assertFalse(MainRequestHandler.plainlyWritten("/kosync/é"));
        assertFalse(MainRequestHandler.plainlyWritten("http://host/kosync/x"));
        assertFalse(MainRequestHandler.plainlyWritten("*"));
        assertFalse(MainRequestHandler.plainlyWritten(""));
    }
}
