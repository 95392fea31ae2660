package io.quintet.kora.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.kora.message.KoraMessage;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RateWindowTest {

    private static final SessionChannel CLOSED = new SessionChannel() {
        @Override
        public Uni<Void> send(KoraMessage message, boolean binary) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> close(int code, String reason) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public boolean isOpen() {
            return false;
        }
    };

    @Test
    @DisplayName(
            "C21 fixed window: 600 operations pass, the 601st is refused and still counts, the window restarts 60 s after its start")
    void c21WindowResets() {
        SyncSession session = new SyncSession("s", CLOSED);
        long start = 1_000_000L;
        for (int i = 0; i < 600; i++) {
            assertTrue(session.countOperation(start + i * 50L, 600));
        }
        assertFalse(session.countOperation(start + 30_000, 600));
        assertFalse(session.countOperation(start + 59_999, 600), "not sliding: the window started at the first op");
        assertTrue(session.countOperation(start + 60_000, 600), "a new window");
        for (int i = 1; i < 600; i++) {
            assertTrue(session.countOperation(start + 60_000 + i, 600));
        }
        assertFalse(session.countOperation(start + 100_000, 600));
    }
}
