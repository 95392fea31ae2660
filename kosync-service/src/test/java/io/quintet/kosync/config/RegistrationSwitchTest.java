package io.quintet.kosync.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The registration switch's rules: any switch that says off wins; the official variable opens only with true or 1. */
class RegistrationSwitchTest {

    static KosyncConfig.Registration switches(boolean disabled, String official) {
        return new KosyncConfig.Registration() {
            @Override
            public boolean disabled() {
                return disabled;
            }

            @Override
            public Optional<String> officialSwitch() {
                return Optional.ofNullable(official);
            }
        };
    }

    @Test
    @DisplayName(
            "C64 open by default; KOSYNC_DISABLE_REGISTRATION/disable_registration close it; ENABLE_USER_REGISTRATION as the official server reads it")
    void rules() {
        assertTrue(switches(false, null).open());
        assertFalse(switches(true, null).open());
        assertTrue(switches(false, "true").open());
        assertTrue(switches(false, "1").open());
        assertFalse(switches(false, "false").open());
        assertFalse(switches(false, "yes").open());
        assertFalse(switches(true, "true").open());
    }
}
