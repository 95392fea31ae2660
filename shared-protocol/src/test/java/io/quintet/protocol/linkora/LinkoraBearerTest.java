package io.quintet.protocol.linkora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkoraBearerTest {

    private static String refusal(String header, String token) {
        return LinkoraBearer.check(header, token).refusal();
    }

    @Test
    void theFourRefusalsOfTheReference() {
        assertEquals(LinkoraBearer.MISSING_HEADER, refusal(null, "t"));
        assertEquals(LinkoraBearer.BAD_FORMAT, refusal("Basic x", "t"));
        assertEquals(LinkoraBearer.BAD_FORMAT, refusal("Bearer", "t"));
        assertEquals(LinkoraBearer.EMPTY_TOKEN, refusal("Bearer    ", "t"));
        assertEquals(LinkoraBearer.INVALID_TOKEN, refusal("Bearer u", "t"));
        assertEquals(LinkoraBearer.INVALID_TOKEN, refusal("Bearer t", null));
    }

    @Test
    void acceptsSpecialCharactersAnySchemeCaseAndTrimsBothSides() {
        assertTrue(LinkoraBearer.check("Bearer a#!$%^&*b", "a#!$%^&*b").accepted());
        assertTrue(LinkoraBearer.check("bearer tok", "tok").accepted());
        assertTrue(LinkoraBearer.check("Bearer  tok  ", " tok ").accepted());
    }

    @Test
    void oneRuleForTheConfiguredToken() {
        Optional<String> env = Optional.of("e");
        Optional<String> none = Optional.empty();
        assertEquals(env, LinkoraBearer.configuredToken("true", env, true, Optional.of("f")));
        assertEquals(Optional.of("f"), LinkoraBearer.configuredToken("TRUE", env, true, Optional.of("f")));
        assertEquals(Optional.of("TOKEN"), LinkoraBearer.configuredToken(null, env, true, none));
        assertEquals(env, LinkoraBearer.configuredToken(null, env, false, none));
        assertEquals(none, LinkoraBearer.configuredToken(null, none, false, none));
    }
}
