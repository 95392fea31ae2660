package io.quintet.gateway.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bearer check of protocols/linkora.md 3.2, with our decisions (scheme in any case, nothing configured = 403). */
class LinkoraServerTokenTest {

    private static final String TOKEN = "t0k#!$%^&*en";

    private static LinkoraServerToken.Check check(String header) {
        return LinkoraServerToken.check(header, () -> Optional.of(TOKEN));
    }

    @Test
    void referenceMessages() {
        assertEquals(new LinkoraServerToken.Check(false, 401, "Missing Authorization header"), check(null));
        assertEquals(
                "Invalid Authorization header format. Expected 'Bearer <token>'.",
                check("Basic abc").message());
        assertEquals(
                "Invalid Authorization header format. Expected 'Bearer <token>'.",
                check("Bearer").message());
        assertEquals("Bearer token is missing.", check("Bearer    ").message());
        assertEquals("Invalid token.", check("Bearer " + TOKEN + "!").message());
        assertEquals("Invalid token.", check("Bearer x").message());
    }

    @Test
    void theConfiguredTokenPassesVerbatimAndTheSchemeInAnyCase() {
        assertTrue(check("Bearer " + TOKEN).accepted());
        assertTrue(check("bearer " + TOKEN).accepted());
        assertTrue(check("Bearer   " + TOKEN + "  ").accepted());
    }

    @Test
    void withoutAConfiguredTokenNothingPasses() {
        LinkoraServerToken.Check check = LinkoraServerToken.check("Bearer anything", Optional::empty);
        assertEquals(403, check.status());
        assertTrue(check.message().contains("LINKORA_SERVER_AUTH_TOKEN"));
    }
}
