package io.quintet.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quintet.protocol.auth.AdminBearer.Verdict;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminBearerTest {

    private final AdminBearer bearer = AdminBearer.of(Optional.of("s3cret"));

    @Test
    void theConfiguredTokenIsAdmitted() {
        assertTrue(bearer.enabled());
        assertEquals(Verdict.ADMITTED, bearer.check("Bearer s3cret"));
        assertEquals(Verdict.ADMITTED, bearer.check("bearer  s3cret "));
    }

    @Test
    void noTokenOrAnotherSchemeIsMissing() {
        assertEquals(Verdict.MISSING, bearer.check(null));
        assertEquals(Verdict.MISSING, bearer.check("Basic czNjcmV0"));
        assertEquals(Verdict.MISSING, bearer.check("Bearer "));
        assertEquals(Verdict.MISSING, bearer.check("Bearer"));
    }

    @Test
    void anyOtherTokenIsWrong() {
        assertEquals(Verdict.WRONG, bearer.check("Bearer s3cre"));
        assertEquals(Verdict.WRONG, bearer.check("Bearer s3cret2"));
        assertEquals(Verdict.WRONG, bearer.check("Bearer S3CRET"));
    }

    @Test
    void theAlternativeHeaderIsJudgedWhenPresent() {
        assertEquals(Verdict.ADMITTED, bearer.check(null, "s3cret"));
        assertEquals(Verdict.WRONG, bearer.check("Bearer s3cret", "other"));
        assertEquals(Verdict.MISSING, bearer.check("Bearer s3cret", ""));
        assertEquals(Verdict.ADMITTED, bearer.check("Bearer s3cret", null));
    }

    @Test
    void withoutAConfiguredTokenNobodyIsAdmitted() {
        for (Optional<String> configured : List.of(Optional.<String>empty(), Optional.of(""), Optional.of("  "))) {
            AdminBearer disabled = AdminBearer.of(configured);
            assertFalse(disabled.enabled());
            assertEquals(Verdict.DISABLED, disabled.check("Bearer "));
            assertEquals(Verdict.DISABLED, disabled.check("Bearer x"));
        }
    }
}
