package io.quintet.linkora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quintet.linkora.config.LinkoraConfig;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The test profile shortens the keep-alive; the production defaults stay those of spec 9.3. */
class EventsConfigTest {

    private static String defaultOf(String method) throws NoSuchMethodException {
        return LinkoraConfig.Events.class
                .getMethod(method)
                .getAnnotation(WithDefault.class)
                .value();
    }

    @Test
    @DisplayName(
            "C103/C104 production keep-alive: ping every 15 s, drop after 15 s without a pong; events kept 1 h in the log")
    void defaults() throws NoSuchMethodException {
        assertEquals("15s", defaultOf("pingInterval"));
        assertEquals("15s", defaultOf("pongTimeout"));
        assertEquals("1h", defaultOf("retention"));
    }
}
